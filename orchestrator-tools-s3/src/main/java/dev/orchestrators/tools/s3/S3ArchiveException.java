package dev.orchestrators.tools.s3;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.kinds.archiver.ArchiveException;
import java.util.Objects;

/**
 * A failed S3 archive write: an {@link ArchiveException}, as the {@code ArchiveStore} contract asks, with the
 * S3 failure's stable {@link #type()} ({@code SlowDown}, {@code AccessDenied}, {@code ConnectionLost}, ...) and
 * whether retrying can help ({@link #isPermanent()}). The table of what is which is in {@code S3Failures}.
 *
 * <p>A permanent one (a missing bucket, access denied, a refused key) has the {@code PERMANENT} failure class, so the
 * archiver fails at the first attempt instead of retrying; either way nothing is lost: the entries stay in the
 * store until a sync succeeds. The message never holds a credential. Immutable.
 */
public final class S3ArchiveException extends ArchiveException {
    private final String type;
    private final boolean permanent;

    /**
     * @param type      the short, stable failure type
     * @param permanent whether retrying cannot help until someone changes the configuration or the bucket
     */
    public S3ArchiveException(String type, boolean permanent, String message, Throwable cause) {
        super(type, permanent ? FailureClass.PERMANENT : FailureClass.TRANSIENT, message, cause);
        this.type = Objects.requireNonNull(type, "type");
        this.permanent = permanent;
    }

    /** The S3 failure's stable type, for {@code metadata.error.type}, alerts and meters. */
    @Override
    public String type() {
        return type;
    }

    /** Whether retrying cannot help (access denied, no such bucket, a request S3 refuses). */
    public boolean isPermanent() {
        return permanent;
    }

    /** A permanent failure of the same type and message, for the adapter meters (which read the class). */
    PermanentException asPermanent() {
        return new PermanentException(type, getMessage(), null);
    }
}
