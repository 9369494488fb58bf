package dev.orchestrators.core.errors;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure that may go away on retry; the orchestrator's {@code RetryPolicy} applies.
 *
 * <p>A failure can carry the delay the remote system asked for ({@link #retryAfter()}, for example an HTTP
 * {@code Retry-After}): the next attempt then waits exactly that long instead of the policy's back-off (the
 * policy still bounds the number of attempts). This is Temporal's {@code nextRetryDelay}.
 */
public class TransientException extends OrchestratorException {
    private final Duration retryAfter;

    public TransientException(String message) {
        this(null, message, null);
    }

    public TransientException(String message, Throwable cause) {
        this(null, message, cause);
    }

    public TransientException(String type, String message, Throwable cause) {
        this(type, message, cause, null);
    }

    /**
     * A transient failure whose next attempt should wait {@code retryAfter}.
     *
     * @param retryAfter the delay the remote system asked for; {@code null}: the retry policy decides
     * @throws IllegalArgumentException when {@code retryAfter} is negative
     */
    public TransientException(String type, String message, Throwable cause, Duration retryAfter) {
        super(type, message, cause);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must be >= 0, was " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /** The delay before the next attempt that the remote system asked for, when it asked. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The delay before attempt {@code next}: {@link #retryAfter()} when present, else {@code policyDelay}. */
    public Duration delayOr(Duration policyDelay) {
        return retryAfter == null ? Objects.requireNonNull(policyDelay, "policyDelay") : retryAfter;
    }

    @Override
    public final FailureClass failureClass() {
        return FailureClass.TRANSIENT;
    }
}
