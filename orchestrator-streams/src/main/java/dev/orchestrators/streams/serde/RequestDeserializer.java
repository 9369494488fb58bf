package dev.orchestrators.streams.serde;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code {"run_id": optional string, "payload": {object}}} and rejects anything else with a
 * {@link SerializationException} that says what is wrong; the runtime's deserialization handler then
 * sends the original bytes to the flow's dead-letter topic with that reason.
 */
public final class RequestDeserializer implements Deserializer<Request> {

    @Override
    @SuppressWarnings("unchecked")
    public Request deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            throw new SerializationException("request on " + topic + " has no value (null)");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SerializationException("request on " + topic + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SerializationException("request on " + topic + " cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SerializationException("request on " + topic + " must be a JSON object {\"run_id\": ..., \"payload\": {...}}");
        }
        JsonNode payload = root.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new SerializationException("request on " + topic + " needs an object field 'payload'");
        }
        JsonNode runId = root.get("run_id");
        if (runId != null && !runId.isNull() && (!runId.isTextual() || runId.asText().isBlank())) {
            throw new SerializationException("request on " + topic + ": 'run_id' must be a non-blank string when given");
        }
        Map<String, Object> data = Json.mapper().convertValue(payload, Map.class);
        return new Request(runId == null || runId.isNull() ? null : runId.asText(), data);
    }
}
