package dev.orchestrators.tools.mail;

/**
 * A failed SMTP session step and where it failed: what {@link SmtpFailures} needs beyond the exception itself.
 * Internal to the adapter; callers see the classified failure.
 */
final class SmtpAttemptException extends Exception {
    private final SendPhase phase;
    private final int endOfDataReply;
    private final int failureReply;

    SmtpAttemptException(Throwable cause, SendPhase phase, int endOfDataReply, int failureReply) {
        super(cause.getMessage(), cause, false, false);
        this.phase = phase;
        this.endOfDataReply = endOfDataReply;
        this.failureReply = failureReply;
    }

    /** {@code cause}, raised by {@code transport} in the phase it is in. */
    static SmtpAttemptException of(Throwable cause, TrackingSmtpTransport transport) {
        return new SmtpAttemptException(cause, transport.phase(), transport.endOfDataReply(), transport.failureReply());
    }

    SendPhase phase() {
        return phase;
    }

    int endOfDataReply() {
        return endOfDataReply;
    }

    int failureReply() {
        return failureReply;
    }
}
