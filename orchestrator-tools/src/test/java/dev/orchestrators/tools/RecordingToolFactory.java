package dev.orchestrators.tools;

import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/** A factory of {@code echo} tools for tests of the configuration plumbing; its tools record whether they were closed. */
public class RecordingToolFactory implements ToolFactory {
    static final ConfigKey<String> GREETING = ConfigKey.ofString("greeting", "hello", "What the tool says.");

    @Override
    public String type() {
        return "echo";
    }

    @Override
    public String description() {
        return "Answers every call with its greeting (a test tool).";
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(GREETING);
    }

    @Override
    public ToolAdapter create(ToolSettings settings) {
        return new Echo(settings.toolName(), settings.get(GREETING));
    }

    /** The tool: answers {@code {"greeting": ...}}. */
    public static class Echo implements ToolAdapter {
        private final String name;
        private final String greeting;
        private final AtomicBoolean closed = new AtomicBoolean();

        Echo(String name, String greeting) {
            this.name = name;
            this.greeting = greeting;
        }

        public boolean closed() {
            return closed.get();
        }

        @Override
        public String type() {
            return "echo";
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Capability capability() {
            return Capability.READ;
        }

        @Override
        public CompletionStage<ToolResult> invoke(ToolCall call) {
            return CompletableFuture.completedFuture(ToolResult.of(Map.of("greeting", greeting)));
        }

        @Override
        public CompletionStage<ToolHealth> checkHealth() {
            return CompletableFuture.completedFuture(ToolHealth.up("echo", Duration.ZERO));
        }

        @Override
        public Map<String, String> describe() {
            return Map.of("greeting", greeting);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
