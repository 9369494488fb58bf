package dev.orchestrators.core.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/**
 * The one Jackson configuration of the wire format: snake_case fields as annotated on the records,
 * ISO-8601 instants, unknown fields ignored. Shared by the Kafka serdes and by stores that write
 * envelopes themselves (the archive).
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            // Property access through generated lambdas instead of reflection: the same JSON, less CPU per envelope.
            .registerModule(new BlackbirdModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    /** The shared, thread-safe mapper. Do not reconfigure it; {@code copy()} it to change settings. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
