package dev.orchestrators.streams.internals.engine;

import dev.orchestrators.core.errors.PermanentException;

/**
 * A request, or a run's answer, over one of the runtime's limits ({@code orchestrator.limits.*}): it is
 * dead-lettered with this reason, which names the limit and its key. Never retried.
 */
public final class RequestRejectedException extends PermanentException {
    public RequestRejectedException(String message) {
        super("RequestRejected", message, null);
    }
}
