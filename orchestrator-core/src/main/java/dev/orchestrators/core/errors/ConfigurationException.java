package dev.orchestrators.core.errors;

/** Wrong wiring or configuration: fail fast at start-up, never retry. Names the offending key or name. */
public class ConfigurationException extends OrchestratorException {
    public ConfigurationException(String message) {
        super(null, message, null);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(null, message, cause);
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.PERMANENT;
    }
}
