package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.UnknownNameException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Names to orchestrator factories: how workers and runtimes find the flows they run. Immutable.
 *
 * <pre>{@code
 * Registry registry = Registry.newBuilder()
 *     .register("lead_sync", LeadSyncSample::create)
 *     .build();
 * Orchestrator leadSync = registry.create("lead_sync", context);
 * }</pre>
 */
public final class Registry {
    private final Map<String, OrchestratorFactory> factories;

    private Registry(Map<String, OrchestratorFactory> factories) {
        this.factories = Collections.unmodifiableMap(new LinkedHashMap<>(factories));
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** Registered names, in registration order. */
    public Set<String> names() {
        return factories.keySet();
    }

    public boolean contains(String name) {
        return factories.containsKey(name);
    }

    /**
     * Creates the orchestrator registered under {@code name}.
     *
     * @throws UnknownNameException listing the known names when {@code name} is not registered
     */
    public Orchestrator create(String name, OrchestratorContext context) {
        OrchestratorFactory factory = factories.get(name);
        if (factory == null) {
            throw new UnknownNameException("flow", name, factories.keySet());
        }
        return factory.create(context);
    }

    /** Builder; a name registered twice fails. */
    public static final class Builder {
        private final Map<String, OrchestratorFactory> factories = new LinkedHashMap<>();

        private Builder() {
        }

        /** @throws ConfigurationException when {@code name} is blank, not a valid topic prefix, or registered already */
        public Builder register(String name, OrchestratorFactory factory) {
            Objects.requireNonNull(factory, "factory");
            if (name == null || !name.matches("[a-zA-Z0-9_-]+")) {
                throw new ConfigurationException("flow name '" + name
                        + "' must be letters, digits, '_' or '-' (it prefixes topic names)");
            }
            if (factories.putIfAbsent(name, factory) != null) {
                throw new ConfigurationException("flow '" + name + "' is registered twice");
            }
            return this;
        }

        public Registry build() {
            return new Registry(factories);
        }
    }
}
