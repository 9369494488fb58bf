package dev.orchestrators.core.kinds.archiver;

import dev.orchestrators.core.errors.TransientException;

/**
 * An archive write that did not become durable: an append, a sync or a segment roll failed. Transient: the
 * {@link Archiver} appends the same entry again (stores are idempotent by key) under its retry policy.
 */
public class ArchiveException extends TransientException {

    public ArchiveException(String message, Throwable cause) {
        super(null, message, cause);
    }

    public ArchiveException(String message) {
        this(message, null);
    }
}
