package dev.orchestrators.tools.mail;

import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.ToolSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Tools, calls and answers for the mail tests. */
final class MailFixtures {
    static final String TOOL = "mail";
    static final String FROM = "Lead desk <leads@orchestrators.example>";
    static final Duration WAIT = Duration.ofSeconds(20);

    private MailFixtures() {
    }

    /** Settings of a tool sending to {@code host:port} with {@code security}, plus {@code extra} (key, value pairs). */
    static ToolSettings settings(String host, int port, String security, String... extra) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("host", host);
        values.put("port", Integer.toString(port));
        values.put("security", security);
        values.put("from", FROM);
        values.put("timeout.ms", "3000");
        values.put("connect.timeout.ms", "3000");
        for (int i = 0; i < extra.length; i += 2) {
            values.put(extra[i], extra[i + 1]);
        }
        return ToolSettings.of(TOOL, SmtpToolFactory.TYPE, values);
    }

    static SmtpTool tool(ToolSettings settings, SimpleMeterRegistry registry) {
        return new SmtpTool(settings, AdapterMeters.of(registry, settings.toolName(), SmtpToolFactory.TYPE));
    }

    /** A call with {@code arguments} (key, value pairs). */
    static ToolCall call(Object... arguments) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < arguments.length; i += 2) {
            args.put((String) arguments[i], arguments[i + 1]);
        }
        return new ToolCall("run-1", "delivery", "delivery", TOOL, 1, args);
    }

    /** What the stage answered, waiting at most {@link #WAIT}. */
    static ToolResult answer(CompletionStage<ToolResult> stage) {
        try {
            return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the call failed: " + e, e);
        }
    }

    /** How the stage failed, waiting at most {@link #WAIT}. */
    static Throwable failure(CompletionStage<?> stage) {
        try {
            Object value = stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("the call answered " + value + " instead of failing");
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            return e.getCause();
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the call did not finish", e);
        }
    }
}
