package dev.orchestrators.tools.http;

import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.ToolSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Makes http tools for tests and waits for their answers (a test may wait; a stream thread never does). */
final class HttpToolFixture implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(20);
    final MeterRegistry registry = new SimpleMeterRegistry();
    private final List<HttpTool> made = new java.util.ArrayList<>();

    /** A tool named {@code name} with {@code base.url} and the other {@code keyValues}. */
    HttpTool tool(String name, String baseUrl, String... keyValues) {
        Map<String, String> values = new HashMap<>();
        values.put("base.url", baseUrl);
        values.put("timeout.ms", "5000");
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        HttpTool tool = new HttpTool(HttpSettings.from(ToolSettings.of(name, "http", values)),
                AdapterMeters.of(registry, name, "http"));
        made.add(tool);
        return tool;
    }

    /** A call of {@code tool} with {@code arguments} (name, value, name, value...). */
    static ToolCall call(String tool, Object... arguments) {
        return callWithTrace(tool, Map.of(), arguments);
    }

    static ToolCall callWithTrace(String tool, Map<String, String> trace, Object... arguments) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < arguments.length; i += 2) {
            args.put((String) arguments[i], arguments[i + 1]);
        }
        return new ToolCall("run-1", "orchestrator", "step", tool, 1, args, trace);
    }

    /** The result of {@code stage}, waiting for it. */
    static ToolResult result(CompletionStage<ToolResult> stage) {
        return stage.toCompletableFuture().orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** The failure {@code stage} ended with, unwrapped; fails when it succeeded. */
    static Throwable failure(CompletionStage<?> stage) {
        CompletableFuture<?> future = stage.toCompletableFuture().orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            Object value = future.join();
            throw new AssertionError("expected a failure, got " + value);
        } catch (java.util.concurrent.CompletionException e) {
            return FailureClassifier.unwrap(e);
        }
    }

    @Override
    public void close() {
        made.forEach(HttpTool::close);
    }
}
