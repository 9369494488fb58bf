package dev.orchestrators.streams.registry;

import dev.orchestrators.core.errors.PermanentException;

/** The registry does not know the schema asked for: an unknown id, or a schema not registered under a subject. */
public class SchemaNotFoundException extends PermanentException {
    public SchemaNotFoundException(String message) {
        super(message);
    }
}
