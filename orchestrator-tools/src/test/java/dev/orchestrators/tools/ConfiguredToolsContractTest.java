package dev.orchestrators.tools;

import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.core.contract.ToolContainerContractTest;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolContainer;
import dev.orchestrators.core.tool.ToolResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link ConfiguredTools} keeps the {@link ToolContainer} contract: each tool comes from settings
 * ({@code tool.<name>.type=contract}), made by a factory that adapts the tool the contract gives; the container is
 * closed after each test.
 */
class ConfiguredToolsContractTest extends ToolContainerContractTest {

    @Override
    protected ToolContainer newContainer(List<Tool> tools) {
        return configured(tools);
    }

    /** The configured tools that adapt {@code tools}. */
    static ConfiguredTools configured(List<Tool> tools) {
        Map<String, Tool> byName = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        for (Tool tool : tools) {
            byName.put(tool.name(), tool);
            settings.put("tool." + tool.name() + ".type", "contract");
        }
        return ConfiguredTools.from(settings, List.of(new AdaptingFactory(byName)));
    }

    /** Makes each configured tool an adapter of the tool of its name. */
    private record AdaptingFactory(Map<String, Tool> tools) implements ToolFactory {

        @Override
        public String type() {
            return "contract";
        }

        @Override
        public String description() {
            return "Adapts a tool the contract test gives.";
        }

        @Override
        public List<ConfigKey<?>> keys() {
            return List.of();
        }

        @Override
        public ToolAdapter create(ToolSettings settings) {
            return new Adapted(tools.get(settings.toolName()));
        }
    }

    /** A tool as an adapter: no system behind it, always up. */
    private record Adapted(Tool tool) implements ToolAdapter {

        @Override
        public String type() {
            return "contract";
        }

        @Override
        public String name() {
            return tool.name();
        }

        @Override
        public Capability capability() {
            return tool.capability();
        }

        @Override
        public CompletionStage<ToolResult> invoke(ToolCall call) {
            return tool.invoke(call);
        }

        @Override
        public CompletionStage<ToolHealth> checkHealth() {
            return CompletableFuture.completedFuture(ToolHealth.up("contract", Duration.ZERO));
        }

        @Override
        public Map<String, String> describe() {
            return Map.of();
        }

        @Override
        public void close() {
        }
    }
}
