package dev.orchestrators.streams.serde;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The wire format's Jackson configuration, as defined once in {@link dev.orchestrators.core.json.Json}. */
public final class Json {
    private Json() {
    }

    /** The shared, thread-safe mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return dev.orchestrators.core.json.Json.mapper();
    }
}
