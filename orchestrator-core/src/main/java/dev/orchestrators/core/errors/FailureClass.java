package dev.orchestrators.core.errors;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether retrying a failed call may succeed. */
public enum FailureClass {
    /** A retry may succeed (time-out, connection reset, 503, throttling). */
    TRANSIENT,
    /** A retry cannot succeed (invalid input, 4xx, refused capability); fail, compensate or dead-letter. */
    PERMANENT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
