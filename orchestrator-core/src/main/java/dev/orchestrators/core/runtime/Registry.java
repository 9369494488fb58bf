package dev.orchestrators.core.runtime;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.UnknownNameException;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.flow.FlowEnvironment;
import dev.orchestrators.core.flow.FlowProvider;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.OrchestratorFactory;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Names to {@link Flow}s: how workers and runtimes find the flows they run. Immutable.
 *
 * <pre>{@code
 * Registry registry = Registry.newBuilder()
 *     .register(leadSync)                                  // a Flow
 *     .register("scoring", ctx -> Coordinator...build(ctx)) // a flow using the context's tools
 *     .build();
 * Orchestrator orchestrator = registry.create("lead_sync", context);
 * }</pre>
 */
public final class Registry {
    private final Map<String, Flow> flows;
    private final Map<String, String> providers;

    private Registry(Map<String, Flow> flows, Map<String, String> providers) {
        this.flows = Collections.unmodifiableMap(new LinkedHashMap<>(flows));
        this.providers = Map.copyOf(providers);
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Every flow of every {@link FlowProvider} that {@link ServiceLoader} finds through {@code loader}.
     *
     * @throws ConfigurationException when two providers contribute a flow of the same name, or a provider fails
     */
    public static Registry load(ClassLoader loader, FlowEnvironment environment) {
        return load(loader, environment, provider -> true);
    }

    /**
     * Every flow of the {@link FlowProvider}s that {@link ServiceLoader} finds through {@code loader} and
     * {@code accepted} lets through.
     *
     * @throws ConfigurationException naming the provider, when one cannot be created or fails, or two contribute
     *                                a flow of the same name
     */
    public static Registry load(ClassLoader loader, FlowEnvironment environment, java.util.function.Predicate<FlowProvider> accepted) {
        Builder builder = newBuilder();
        Map<String, String> providerOf = new LinkedHashMap<>();
        java.util.Iterator<FlowProvider> providers = ServiceLoader.load(FlowProvider.class, loader).iterator();
        while (true) {
            FlowProvider provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
            } catch (java.util.ServiceConfigurationError e) {
                throw new ConfigurationException("a flow provider cannot be loaded: " + e.getMessage(), e);
            }
            if (!accepted.test(provider)) {
                continue;
            }
            String name = provider.getClass().getName();
            List<Flow> provided;
            try {
                provided = provider.flows(environment);
            } catch (RuntimeException e) {
                throw new ConfigurationException("flow provider " + name + " failed: " + e.getMessage(), e);
            }
            if (provided == null) {
                throw new ConfigurationException("flow provider " + name + " returned no list of flows (null)");
            }
            for (Flow flow : provided) {
                String earlier = providerOf.putIfAbsent(flow.name(), name);
                if (earlier != null) {
                    throw new ConfigurationException("flow '" + flow.name() + "' is contributed by " + earlier
                            + (earlier.equals(name) ? " twice" : " and by " + name));
                }
                builder.register(flow);
            }
        }
        return new Registry(builder.flows, providerOf);
    }

    /** Registered names, in registration order. */
    public Set<String> names() {
        return flows.keySet();
    }

    /** Registered flows, in registration order. */
    public Collection<Flow> flows() {
        return flows.values();
    }

    /**
     * The class name of the {@link FlowProvider} that contributed flow {@code name}, when this registry was
     * {@linkplain #load loaded} from providers (a registry built by hand has none).
     */
    public Optional<String> providerOf(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    public boolean contains(String name) {
        return flows.containsKey(name);
    }

    /**
     * The flow registered under {@code name}.
     *
     * @throws UnknownNameException listing the known names when {@code name} is not registered
     */
    public Flow flow(String name) {
        Flow flow = flows.get(name);
        if (flow == null) {
            throw new UnknownNameException("flow", name, flows.keySet());
        }
        return flow;
    }

    /**
     * Creates (and checks) the orchestrator of the flow registered under {@code name}.
     *
     * @throws UnknownNameException listing the known names when {@code name} is not registered
     * @throws ConfigurationException when the flow's composition does not pass its start-up checks
     */
    public Orchestrator create(String name, OrchestratorContext context) {
        return flow(name).create(context);
    }

    /** Builder; a name registered twice fails. */
    public static final class Builder {
        private final Map<String, Flow> flows = new LinkedHashMap<>();

        private Builder() {
        }

        /** @throws ConfigurationException when a flow of the same name is registered already */
        public Builder register(Flow flow) {
            Objects.requireNonNull(flow, "flow");
            if (flows.putIfAbsent(flow.name(), flow) != null) {
                throw new ConfigurationException("flow '" + flow.name() + "' is registered twice");
            }
            return this;
        }

        /**
         * Registers a flow whose tools come from the context.
         *
         * @throws ConfigurationException when {@code name} is blank, not a valid topic prefix, or registered already
         */
        public Builder register(String name, OrchestratorFactory factory) {
            Objects.requireNonNull(factory, "factory");
            return register(Flow.of(name, factory));
        }

        /** Every flow of {@code other}. */
        public Builder registerAll(Registry other) {
            other.flows().forEach(this::register);
            return this;
        }

        public Registry build() {
            return new Registry(flows, Map.of());
        }
    }
}
