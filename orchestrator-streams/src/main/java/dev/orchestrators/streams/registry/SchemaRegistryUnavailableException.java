package dev.orchestrators.streams.registry;

import dev.orchestrators.core.errors.TransientException;

/**
 * The registry could not be reached, timed out or failed (a 5xx, a 429): asking again later may work. A request
 * that cannot be read because of it is not a dead letter: the flow stops on it and reads it again.
 */
public class SchemaRegistryUnavailableException extends TransientException {
    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
