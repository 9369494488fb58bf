package dev.orchestrators.core.tool;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One invocation of a tool. Immutable.
 *
 * @param runId        the run this call belongs to (propagate it to downstream systems for tracing)
 * @param orchestrator the orchestrator making the call
 * @param step         the step making the call
 * @param tool         the tool's name
 * @param attempt      1 for the first attempt, 2 for the first retry, ...
 * @param arguments    the call's arguments (JSON values)
 */
public record ToolCall(String runId, String orchestrator, String step, String tool, int attempt,
                       Map<String, Object> arguments) {

    public ToolCall {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(orchestrator, "orchestrator");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(tool, "tool");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
        arguments = arguments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
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
        return new ToolCall(runId, orchestrator, step, tool, newAttempt, arguments);
    }
}
