package dev.orchestrators.core.tool;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One invocation of a tool. Immutable.
 *
 * @param runId        the run this call belongs to (propagate it to downstream systems for tracing)
 * @param orchestrator the orchestrator making the call
 * @param step         the step making the call
 * @param tool         the tool's name
 * @param attempt      1 for the first attempt, 2 for the first retry, ...
 * @param arguments    the call's arguments (JSON values)
 * @param traceContext the W3C Trace Context of the step making the call: {@code traceparent} and, when there is
 *                     one, {@code tracestate}, ready to send as headers to a downstream system; empty when the run
 *                     is not part of a trace. (The call also runs in the step's OpenTelemetry context, so an
 *                     instrumented client inside the tool joins the trace by itself.)
 */
public record ToolCall(String runId, String orchestrator, String step, String tool, int attempt,
                       Map<String, Object> arguments, Map<String, String> traceContext) {

    /** The W3C {@code traceparent} header name. */
    public static final String TRACEPARENT = "traceparent";
    /** The W3C {@code tracestate} header name. */
    public static final String TRACESTATE = "tracestate";

    public ToolCall {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(orchestrator, "orchestrator");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(tool, "tool");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
        arguments = arguments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        traceContext = traceContext == null ? Map.of() : Map.copyOf(traceContext);
    }

    /** A call outside any trace. */
    public ToolCall(String runId, String orchestrator, String step, String tool, int attempt, Map<String, Object> arguments) {
        this(runId, orchestrator, step, tool, attempt, arguments, Map.of());
    }

    /** The W3C {@code traceparent} of the calling step, when the run is part of a trace. */
    public Optional<String> traceparent() {
        return Optional.ofNullable(traceContext.get(TRACEPARENT));
    }

    /** The argument {@code name}, or {@code null}. */
    public Object argument(String name) {
        return arguments.get(name);
    }

    /** The argument {@code name} as a string; a missing argument is a caller bug, so it fails. */
    public String requireString(String name) {
        Object value = arguments.get(name);
        if (value == null) {
            throw new IllegalArgumentException("tool '" + tool + "' needs argument '" + name + "'");
        }
        return value.toString();
    }

    public ToolCall withAttempt(int newAttempt) {
        return new ToolCall(runId, orchestrator, step, tool, newAttempt, arguments, traceContext);
    }
}
