package dev.orchestrators.core.tool;

import java.util.Objects;

/** A tool call that succeeded: the call as made (with its attempt number) and its result. */
public record CompletedToolCall(ToolCall call, ToolResult result) {
    public CompletedToolCall {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(result, "result");
    }

    public int attempt() {
        return call.attempt();
    }
}
