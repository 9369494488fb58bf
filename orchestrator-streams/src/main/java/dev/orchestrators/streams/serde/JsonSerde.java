package dev.orchestrators.streams.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.streams.config.RequestLimits;
import java.io.IOException;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON serdes for the wire types: envelopes, audit records and requests. Any Kafka client can produce
 * and consume them as plain JSON; see {@code docs/wire-format.md}. Thread-safe.
 */
public final class JsonSerde<T> implements Serde<T> {
    private final Class<T> type;

    private JsonSerde(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    public static JsonSerde<Envelope> envelope() {
        return new JsonSerde<>(Envelope.class);
    }

    public static JsonSerde<AuditRecord> auditRecord() {
        return new JsonSerde<>(AuditRecord.class);
    }

    /** Requests are validated as they are read: see {@link RequestDeserializer}. */
    public static Serde<Request> request() {
        return request(RequestLimits.DEFAULTS);
    }

    /** Requests read within {@code limits}. */
    public static Serde<Request> request(RequestLimits limits) {
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(new JsonSerde<>(Request.class).serializer(),
                new RequestDeserializer(limits));
    }

    /**
     * The JSON of an ENVELOPE audit record whose envelope is already serialised as {@code envelopeJson}: the
     * envelope's bytes are spliced in rather than written a second time. Same document as the serializer's.
     */
    public static byte[] auditRecordWithEnvelope(AuditRecord record, byte[] envelopeJson) {
        byte[] head;
        try {
            head = EnvelopeJsonWriter.auditRecord(record, false);
        } catch (java.io.UncheckedIOException e) {
            throw new SerializationException("cannot write the audit record of run " + record.runId() + " as JSON", e.getCause());
        }
        byte[] field = ",\"envelope\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = new byte[head.length - 1 + field.length + envelopeJson.length + 1];
        System.arraycopy(head, 0, out, 0, head.length - 1); // without the closing brace
        System.arraycopy(field, 0, out, head.length - 1, field.length);
        System.arraycopy(envelopeJson, 0, out, head.length - 1 + field.length, envelopeJson.length);
        out[out.length - 1] = '}';
        return out;
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                // Envelopes and audit records, the runtime's hot path, are written field by field (same bytes).
                if (value instanceof Envelope envelope) {
                    return EnvelopeJsonWriter.envelope(envelope);
                }
                if (value instanceof AuditRecord record) {
                    return EnvelopeJsonWriter.auditRecord(record, true);
                }
                return Json.mapper().writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON for topic " + topic, e);
            } catch (java.io.UncheckedIOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON for topic " + topic, e.getCause());
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return Json.mapper().readValue(bytes, type);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("record on " + topic + " is not a valid " + type.getSimpleName()
                        + " JSON document: " + e.getMessage(), e);
            }
        };
    }
}
