package dev.orchestrators.tools;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether a tool's system answered a health check. Immutable.
 *
 * @param reachable whether the system answered
 * @param detail    what was checked and what came back (an error's type and message when it did not answer);
 *                  never a secret
 * @param took      how long the check took
 */
public record ToolHealth(boolean reachable, String detail, Duration took) {

    public ToolHealth {
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(took, "took");
    }

    public static ToolHealth up(String detail, Duration took) {
        return new ToolHealth(true, detail, took);
    }

    public static ToolHealth down(String detail, Duration took) {
        return new ToolHealth(false, detail, took);
    }

    /** A failed check: the failure's type and message. */
    public static ToolHealth down(Throwable failure, Duration took) {
        Throwable cause = failure;
        while (cause.getCause() != null && (cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return new ToolHealth(false, cause.getClass().getSimpleName() + (message == null ? "" : ": " + message), took);
    }
}
