package dev.orchestrators.core.retry;

import dev.orchestrators.core.errors.TransientException;
import java.time.Duration;

/**
 * Raised when a retry back-off is longer than the run's in-memory limit (set by a runtime through
 * {@code ExecutionOptions.maxInMemoryBackoff}): the run
 * stops now and the runtime re-runs it durably after {@link #delay()}, starting the failing tool at
 * attempt {@link #nextAttempt()}. Steps must let it propagate: it unwinds the run's steps to its orchestrator, which
 * returns it as data ({@code RunOutcome.Deferred}). It carries no stack trace: it is a signal, not an error.
 */
public final class RetryDeferredException extends TransientException {
    private final Duration delay;
    private final String step;
    private final String tool;
    private final int nextAttempt;

    public RetryDeferredException(Duration delay, String step, String tool, int nextAttempt) {
        super("RetryDeferred", "retry of tool '" + tool + "' in step '" + step + "' (attempt " + nextAttempt
                + ") deferred by " + delay.toMillis() + " ms", null);
        this.delay = delay;
        this.step = step;
        this.tool = tool;
        this.nextAttempt = nextAttempt;
    }

    public Duration delay() {
        return delay;
    }

    public String step() {
        return step;
    }

    public String tool() {
        return tool;
    }

    public int nextAttempt() {
        return nextAttempt;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a signal that unwinds the steps, paid once per deferral: no stack trace
    }
}
