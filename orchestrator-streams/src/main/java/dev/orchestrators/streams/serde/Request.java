package dev.orchestrators.streams.serde;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request as published to {@code <flow>.requests}: {@code {"run_id": optional, "payload": {...}}}.
 *
 * @param runId   the caller's correlation id, or {@code null} to let the runtime take the
 *                {@code run_id} header or generate one
 * @param payload the orchestrator's input (a JSON object)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Request(@JsonProperty("run_id") String runId, @JsonProperty("payload") Map<String, Object> payload) {
    public Request {
        payload = payload == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    }
}
