package dev.orchestrators.streams.serde;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.config.RequestLimits;
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
    private final RequestLimits limits;
    private final ObjectMapper mapper;

    /** A deserializer with the default limits. */
    public RequestDeserializer() {
        this(RequestLimits.DEFAULTS);
    }

    /** A deserializer that rejects requests over {@code limits} (size, nesting depth, run id length). */
    public RequestDeserializer(RequestLimits limits) {
        this.limits = limits;
        this.mapper = Json.mapper().copy();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.nestingDepth())
                .maxStringLength(Math.max(1, limits.requestBytes()))
                .build());
    }

    @Override
    public Request deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            throw new SerializationException("request on " + topic + " has no value (null)");
        }
        if (bytes.length > limits.requestBytes()) {
            throw new SerializationException("request on " + topic + " is " + bytes.length + " bytes, over the limit of "
                    + limits.requestBytes() + " (" + OrchestratorConfig.LIMIT_REQUEST_BYTES_CONFIG + ")");
        }
        WireRequest request;
        try {
            request = mapper.readValue(bytes, WireRequest.class);
        } catch (StreamConstraintsException e) {
            throw new SerializationException("request on " + topic + " is over a parser limit: " + e.getOriginalMessage()
                    + " (" + OrchestratorConfig.LIMIT_NESTING_DEPTH_CONFIG + ")", e);
        } catch (JsonParseException e) {
            throw new SerializationException("request on " + topic + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (MismatchedInputException e) {
            throw new SerializationException("request on " + topic + " must be a JSON object {\"run_id\": optional string, "
                    + "\"payload\": {object}}; found a mismatch at '" + e.getPathReference() + "': " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            if (e.getCause() instanceof StreamConstraintsException limit) {
                throw new SerializationException("request on " + topic + " is over a parser limit: " + limit.getOriginalMessage()
                        + " (" + OrchestratorConfig.LIMIT_NESTING_DEPTH_CONFIG + ")", e);
            }
            throw new SerializationException("request on " + topic + " cannot be read: " + e.getMessage(), e);
        }
        if (request == null || request.payload() == null) {
            throw new SerializationException("request on " + topic + " needs an object field 'payload'");
        }
        Object runId = request.runId();
        if (runId != null && (!(runId instanceof String id) || id.isBlank())) {
            throw new SerializationException("request on " + topic + ": 'run_id' must be a non-blank string when given");
        }
        if (runId != null && ((String) runId).length() > limits.runIdLength()) {
            throw new SerializationException("request on " + topic + ": 'run_id' is " + ((String) runId).length()
                    + " characters, over the limit of " + limits.runIdLength() + " (" + OrchestratorConfig.LIMIT_RUN_ID_LENGTH_CONFIG + ")");
        }
        return new Request((String) runId, request.payload());
    }

    /** The request as it is on the wire, read in one pass; {@code run_id} is checked to be a string afterwards. */
    private record WireRequest(@JsonProperty("run_id") Object runId, @JsonProperty("payload") Map<String, Object> payload) {
    }
}
