package dev.orchestrators.core.kinds.archiver;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.OrchestratorException;
import java.util.Objects;

/**
 * An archive write that did not become durable: an append, a sync or a segment roll failed. Transient by default:
 * the {@link Archiver} appends the same entry again (stores are idempotent by key) under its retry policy. A store
 * that knows a retry cannot help until someone acts (access denied, a missing bucket) says so with a permanent one,
 * and the archiver stops retrying at once and raises its alert.
 */
public class ArchiveException extends OrchestratorException {
    private final FailureClass failureClass;

    public ArchiveException(String message, Throwable cause) {
        this(null, FailureClass.TRANSIENT, message, cause);
    }

    public ArchiveException(String message) {
        this(message, null);
    }

    /**
     * @param type         a short, stable failure type ({@code null}: the class name)
     * @param failureClass whether a retry may help
     */
    public ArchiveException(String type, FailureClass failureClass, String message, Throwable cause) {
        super(type, message, cause);
        this.failureClass = Objects.requireNonNull(failureClass, "failureClass");
    }

    @Override
    public final FailureClass failureClass() {
        return failureClass;
    }
}
