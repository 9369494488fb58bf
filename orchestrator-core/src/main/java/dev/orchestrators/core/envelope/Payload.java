package dev.orchestrators.core.envelope;

import dev.orchestrators.core.errors.InvalidPayloadException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The input of one run: its {@code run_id} and its data (a JSON object). Immutable.
 *
 * @param runId the correlation id; generate one with {@link #of(Map)} when the caller gave none
 * @param data  the payload's fields (JSON values)
 */
public record Payload(String runId, Map<String, Object> data) {

    public Payload {
        Objects.requireNonNull(runId, "runId");
        if (runId.isBlank()) {
            throw new IllegalArgumentException("runId must not be blank");
        }
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** A payload with a newly generated run id. */
    public static Payload of(Map<String, Object> data) {
        return new Payload(newRunId(), data);
    }

    /** A new random run id. */
    public static String newRunId() {
        return UUID.randomUUID().toString();
    }

    public Object get(String field) {
        return data.get(field);
    }

    /**
     * The field as a non-blank string.
     *
     * @throws InvalidPayloadException naming the field when it is missing, not a string or blank
     */
    public String requireString(String field) {
        Object value = data.get(field);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new InvalidPayloadException("payload field '" + field + "' must be a non-blank string, was "
                    + (value == null ? "missing" : value.getClass().getSimpleName() + " " + value));
        }
        return s;
    }
}
