package dev.orchestrators.core.errors;

/** A failure that a retry cannot fix: the run fails with {@code metadata.error} and is audited. */
public class PermanentException extends OrchestratorException {
    public PermanentException(String message) {
        this(null, message, null);
    }

    public PermanentException(String message, Throwable cause) {
        this(null, message, cause);
    }

    public PermanentException(String type, String message, Throwable cause) {
        super(type, message, cause);
    }

    @Override
    public final FailureClass failureClass() {
        return FailureClass.PERMANENT;
    }
}
