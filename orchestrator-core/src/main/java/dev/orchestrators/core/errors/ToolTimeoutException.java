package dev.orchestrators.core.errors;

import java.time.Duration;

/** A tool call did not complete within its time-out. Transient: the retry policy applies. */
public final class ToolTimeoutException extends TransientException {
    public ToolTimeoutException(String tool, Duration timeout) {
        super("ToolTimeout", "tool '" + tool + "' did not answer within " + timeout.toMillis() + " ms", null);
    }
}
