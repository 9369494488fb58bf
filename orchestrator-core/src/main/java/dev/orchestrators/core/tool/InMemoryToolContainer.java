package dev.orchestrators.core.tool;

import dev.orchestrators.core.errors.ConfigurationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable {@link ToolContainer} built once at start-up.
 *
 * <pre>{@code
 * ToolContainer tools = InMemoryToolContainer.newBuilder()
 *     .register(dataCoordinator)
 *     .register(enrichment)
 *     .build();
 * }</pre>
 */
public final class InMemoryToolContainer implements ToolContainer {
    private final Map<String, Tool> tools;

    private InMemoryToolContainer(Map<String, Tool> tools) {
        this.tools = Collections.unmodifiableMap(new LinkedHashMap<>(tools));
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public static InMemoryToolContainer of(Tool... tools) {
        Builder builder = newBuilder();
        for (Tool tool : tools) {
            builder.register(tool);
        }
        return builder.build();
    }

    /** A container with {@code tool} added, or replacing the tool of the same name. */
    public InMemoryToolContainer with(Tool tool) {
        Map<String, Tool> copy = new LinkedHashMap<>(tools);
        copy.put(tool.name(), tool);
        return new InMemoryToolContainer(copy);
    }

    @Override
    public Optional<Tool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    @Override
    public Set<String> names() {
        return tools.keySet();
    }

    /** Collects tools; registering the same name twice is a wiring mistake and fails. */
    public static final class Builder {
        private final Map<String, Tool> tools = new LinkedHashMap<>();

        private Builder() {
        }

        /** @throws ConfigurationException if a tool with the same name is already registered */
        public Builder register(Tool tool) {
            if (tools.putIfAbsent(tool.name(), tool) != null) {
                throw new ConfigurationException("tool '" + tool.name() + "' is registered twice");
            }
            return this;
        }

        public InMemoryToolContainer build() {
            return new InMemoryToolContainer(tools);
        }
    }
}
