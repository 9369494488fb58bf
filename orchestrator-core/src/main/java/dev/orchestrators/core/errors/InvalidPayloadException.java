package dev.orchestrators.core.errors;

/** The payload does not satisfy the orchestrator's contract; raised by {@code validatePayload}. */
public final class InvalidPayloadException extends PermanentException {
    public InvalidPayloadException(String message) {
        super("InvalidPayload", message, null);
    }
}
