package dev.orchestrators.tools;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.LimitedTool;
import dev.orchestrators.core.tool.ToolLimits;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolContainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tools that settings configure: each {@code tool.<name>.type=<type>} makes a tool {@code <name>} with the
 * {@link ToolFactory} of that type (found through {@link ServiceLoader}) from its {@code tool.<name>.*} settings.
 *
 * <pre>{@code
 * -D tool.data_coordinator.type=sql-query
 * -D tool.data_coordinator.jdbc.url=jdbc:postgresql://db:5432/crm
 * -D tool.data_coordinator.user=crm_reader -D tool.data_coordinator.password=file:/run/secrets/crm
 * -D "tool.data_coordinator.sql=SELECT * FROM leads WHERE lead_id = :lead_id"
 * }</pre>
 *
 * <p>{@link #over(ToolContainer)} puts them in front of another container (a flow's sample tools), so a flow
 * chooses, tool by tool, between its samples and real systems. Immutable once built; {@link #close()} closes every
 * adapter it made.
 */
public final class ConfiguredTools implements ToolContainer, AutoCloseable {
    private final Map<String, ToolAdapter> tools;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private ToolContainer queued;
    private ScheduledExecutorService timer;

    private ConfiguredTools(Map<String, ToolAdapter> tools) {
        this.tools = Collections.unmodifiableMap(tools);
    }

    /**
     * The tools {@code settings} configure, made by the factories on the class path.
     *
     * @throws ConfigurationException naming the tool and key, for an unknown type, an unknown key or a bad value
     */
    public static ConfiguredTools from(Map<String, String> settings) {
        return from(settings, factories());
    }

    /** The tools {@code settings} configure, made by {@code factories}. */
    public static ConfiguredTools from(Map<String, String> settings, List<ToolFactory> factories) {
        Map<String, ToolFactory> byType = new TreeMap<>();
        factories.forEach(f -> byType.put(f.type(), f));
        Map<String, ToolAdapter> made = new LinkedHashMap<>();
        try {
            for (ToolSettings tool : ToolSettings.allIn(settings).values()) {
                ToolFactory factory = byType.get(tool.type());
                if (factory == null) {
                    throw new ConfigurationException(tool.qualified(ToolSettings.TYPE) + "=" + tool.type()
                            + " is not a known tool type; known: " + byType.keySet()
                            + " (a type's module, orchestrator-tools-<kind>, must be on the class path)");
                }
                tool.validate(factory.keys());
                made.put(tool.toolName(), factory.create(tool));
            }
        } catch (RuntimeException e) {
            made.values().forEach(ToolAdapter::close);
            throw e;
        }
        return new ConfiguredTools(made);
    }

    /** Every tool factory on the class path. */
    public static List<ToolFactory> factories() {
        List<ToolFactory> out = new ArrayList<>();
        ServiceLoader.load(ToolFactory.class).forEach(out::add);
        out.sort(java.util.Comparator.comparing(ToolFactory::type));
        return out;
    }

    /** Whether {@code settings} configure any tool. */
    public static boolean anyIn(Map<String, String> settings) {
        return !ToolSettings.allIn(settings).isEmpty();
    }

    /** The configured adapters, by name. */
    public Map<String, ToolAdapter> adapters() {
        return tools;
    }

    @Override
    public Optional<Tool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    @Override
    public Set<String> names() {
        return tools.keySet();
    }

    /**
     * A container answering with these tools first and {@code fallback}'s for every other name: the configured
     * real adapters replace the samples of the same name.
     */
    public ToolContainer over(ToolContainer fallback) {
        return over(this, fallback);
    }

    private static ToolContainer over(ToolContainer self, ToolContainer fallback) {
        return new ToolContainer() {
            @Override
            public Optional<Tool> find(String name) {
                Optional<Tool> own = self.find(name);
                return own.isPresent() ? own : fallback.find(name);
            }

            @Override
            public Set<String> names() {
                Set<String> all = new LinkedHashSet<>(fallback.names());
                all.addAll(self.names());
                return Collections.unmodifiableSet(all);
            }
        };
    }

    /**
     * {@code registry} with these tools in front of every flow's own (a flow without tools of its own gets these):
     * the flows call the configured adapters by name, and their samples of other names stay.
     */
    public Registry applyTo(Registry registry) {
        if (tools.isEmpty()) {
            return registry;
        }
        ToolContainer queued = queuedInFront();
        Registry.Builder withTools = Registry.newBuilder();
        for (Flow flow : registry.flows()) {
            withTools.register(flow.withTools(over(queued, flow.tools().orElseGet(InMemoryToolContainer::of))));
        }
        return withTools.build();
    }

    /**
     * These tools, each behind a waiting room as large as its {@link ToolAdapter#capacity()}: calls beyond it wait
     * (holding no thread) for one to finish instead of failing as {@code Saturated}, shared by every flow of the process
     * as the adapter's pool is. Made once.
     */
    private synchronized ToolContainer queuedInFront() {
        if (queued == null) {
            Map<String, Tool> limited = new LinkedHashMap<>();
            tools.forEach((name, adapter) -> limited.put(name, adapter.capacity() == Integer.MAX_VALUE ? adapter
                    : LimitedTool.wrap(adapter, ToolLimits.of(adapter.capacity(), 0), timer())));
            queued = InMemoryToolContainer.of(limited.values().toArray(Tool[]::new));
        }
        return queued;
    }

    private ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "tools-waiting-room");
                thread.setDaemon(true);
                return thread;
            });
        }
        return timer;
    }

    /** Closes every adapter, once; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            tools.values().forEach(ToolAdapter::close);
            synchronized (this) {
                if (timer != null) {
                    timer.shutdownNow();
                }
            }
        }
    }
}
