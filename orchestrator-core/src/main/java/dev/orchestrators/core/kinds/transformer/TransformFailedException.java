package dev.orchestrators.core.kinds.transformer;

import dev.orchestrators.core.errors.PermanentException;

/**
 * A transform threw or returned no fields. Permanent: the same function fails the same way on the same
 * record, so this is a bug in the transform (or data it does not expect), not a record to reject.
 */
public final class TransformFailedException extends PermanentException {
    private final String transform;
    private final String recordKey;

    TransformFailedException(String transform, String recordKey, String problem, Throwable cause) {
        super("TransformFailed", "transform '" + transform + "' failed on record '" + recordKey + "': " + problem, cause);
        this.transform = transform;
        this.recordKey = recordKey;
    }

    /** The name of the transform that failed. */
    public String transform() {
        return transform;
    }

    /** The key of the record it failed on. */
    public String recordKey() {
        return recordKey;
    }
}
