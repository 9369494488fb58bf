package dev.orchestrators.core.errors;

/**
 * A tool could not start a call because the resource it runs on (a connection pool, SMTP sessions, the bounded
 * executor in front of a blocking client) is fully in use and its waiting room is full. Transient: the call
 * is retried after the policy's back-off, which is the back-pressure; the tool never queues without bound.
 */
public final class SaturatedException extends TransientException {
    /** The failure type in envelopes and meters. */
    public static final String TYPE = "Saturated";

    public SaturatedException(String message) {
        super(TYPE, message, null);
    }
}
