package dev.orchestrators.core.errors;

import java.util.Map;

/**
 * Root of every failure the orchestrators raise. Subtypes say what the caller should do:
 * {@link TransientException} (retrying may work), {@link PermanentException} (do not retry) and
 * {@link ConfigurationException} (fail fast at start-up).
 *
 * <p>The {@link #type()} is a short, stable name for the failure (by default the simple class name)
 * that ends up in {@code metadata.error.type} and can be matched by retry policies and dashboards.
 */
public abstract class OrchestratorException extends RuntimeException {
    private final String type;

    protected OrchestratorException(String type, String message, Throwable cause) {
        super(message, cause);
        this.type = type == null || type.isBlank() ? getClass().getSimpleName() : type;
    }

    /** Stable failure type, used in envelopes and metrics. */
    public String type() {
        return type;
    }

    /** The class of this failure: whether a retry may succeed. */
    public abstract FailureClass failureClass();

    /**
     * What the failing kind reports beyond the message, for {@code metadata.details} of the FAILED envelope
     * (the sources that failed, the steps a saga undid); empty by default.
     */
    public Map<String, Object> details() {
        return Map.of();
    }

    /** The step that failed, for {@code metadata.error.step}; {@code null} when the failure names none. */
    public String failedStep() {
        return null;
    }
}
