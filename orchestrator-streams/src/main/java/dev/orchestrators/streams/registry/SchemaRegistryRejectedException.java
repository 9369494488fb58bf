package dev.orchestrators.streams.registry;

import dev.orchestrators.core.errors.PermanentException;

/**
 * The registry refused a request for what it is (asking again will not help): a schema incompatible with the
 * subject's compatibility rule (409), bad credentials (401, 403), an invalid schema (422).
 */
public class SchemaRegistryRejectedException extends PermanentException {
    private final int status;
    private final int errorCode;

    public SchemaRegistryRejectedException(String message, int status, int errorCode) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code} (e.g. 409 for an incompatible schema, 42201 for an invalid one), or 0. */
    public int errorCode() {
        return errorCode;
    }
}
