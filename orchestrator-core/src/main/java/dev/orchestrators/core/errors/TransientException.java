package dev.orchestrators.core.errors;

/** A failure that may go away on retry; the orchestrator's {@code RetryPolicy} applies. */
public class TransientException extends OrchestratorException {
    public TransientException(String message) {
        this(null, message, null);
    }

    public TransientException(String message, Throwable cause) {
        this(null, message, cause);
    }

    public TransientException(String type, String message, Throwable cause) {
        super(type, message, cause);
    }

    @Override
    public final FailureClass failureClass() {
        return FailureClass.TRANSIENT;
    }
}
