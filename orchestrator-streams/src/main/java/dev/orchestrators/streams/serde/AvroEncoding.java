package dev.orchestrators.streams.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.ErrorInfo;
import dev.orchestrators.core.envelope.Metadata;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.envelope.StepRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The runtime's values as Avro records of {@link AvroSchemas}, and their framing in the registry wire format. Free-form
 * maps (payload, fields, details) become JSON text; instants become microseconds since the epoch.
 */
final class AvroEncoding {
    /** The first byte of every value in the registry wire format. */
    static final byte MAGIC = 0;
    /** Magic byte and schema id. */
    static final int HEADER_BYTES = 5;

    private static final Schema METADATA = AvroSchemas.ENVELOPE.getField("metadata").schema();
    private static final Schema ERROR = METADATA.getField("error").schema().getTypes().get(1);
    private static final Schema STEP = METADATA.getField("steps").schema().getElementType();
    private static final GenericDatumWriter<GenericRecord> ENVELOPE_WRITER = new GenericDatumWriter<>(AvroSchemas.ENVELOPE);
    private static final GenericDatumWriter<GenericRecord> REQUEST_WRITER = new GenericDatumWriter<>(AvroSchemas.REQUEST);

    private AvroEncoding() {
    }

    /** {@code value} (a record of {@code schema}) in the wire format with schema id {@code id}. */
    static byte[] frame(int id, GenericRecord value) {
        GenericDatumWriter<GenericRecord> writer = value.getSchema() == AvroSchemas.ENVELOPE ? ENVELOPE_WRITER
                : value.getSchema() == AvroSchemas.REQUEST ? REQUEST_WRITER : new GenericDatumWriter<>(value.getSchema());
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(value, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write " + value.getSchema().getName() + " as Avro: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    static GenericRecord request(Request request) {
        GenericRecord out = new GenericData.Record(AvroSchemas.REQUEST);
        out.put("run_id", request.runId());
        out.put("payload", json(request.payload()));
        return out;
    }

    static GenericRecord envelope(Envelope envelope) {
        GenericRecord out = new GenericData.Record(AvroSchemas.ENVELOPE);
        out.put("metadata", metadata(envelope.metadata()));
        List<GenericRecord> records = new ArrayList<>(envelope.records().size());
        for (EnvelopeRecord record : envelope.records()) {
            records.add(record(record));
        }
        out.put("records", records);
        return out;
    }

    private static GenericRecord metadata(Metadata m) {
        GenericRecord out = new GenericData.Record(METADATA);
        out.put("run_id", m.runId());
        out.put("flow", m.flow());
        out.put("orchestrator", m.orchestrator());
        out.put("status", symbol(METADATA.getField("status").schema(), m.status().name()));
        out.put("partial", m.partial());
        out.put("blocked", m.blocked());
        out.put("reason", m.reason());
        out.put("error", m.error() == null ? null : error(m.error()));
        out.put("attempts", m.attempts());
        out.put("started_at", micros(m.startedAt()));
        out.put("finished_at", micros(m.finishedAt()));
        List<GenericRecord> steps = new ArrayList<>(m.steps().size());
        for (StepRun step : m.steps()) {
            GenericRecord s = new GenericData.Record(STEP);
            s.put("name", step.name());
            s.put("orchestrator", step.orchestrator());
            s.put("status", symbol(STEP.getField("status").schema(), step.status().name()));
            s.put("attempts", step.attempts());
            s.put("duration_ms", step.durationMs());
            steps.add(s);
        }
        out.put("steps", steps);
        out.put("details", m.details().isEmpty() ? null : json(m.details()));
        return out;
    }

    private static GenericRecord error(ErrorInfo error) {
        GenericRecord out = new GenericData.Record(ERROR);
        out.put("class", symbol(ERROR.getField("class").schema(), error.failureClass().wireName()));
        out.put("type", error.type());
        out.put("message", error.message());
        out.put("step", error.step());
        out.put("retryable", error.retryable());
        return out;
    }

    private static GenericRecord record(EnvelopeRecord record) {
        GenericRecord out = new GenericData.Record(AvroSchemas.ENVELOPE_RECORD);
        out.put("key", record.key());
        out.put("fields", json(record.fields()));
        List<GenericRecord> provenance = new ArrayList<>(record.provenance().size());
        for (Provenance p : record.provenance()) {
            GenericRecord entry = new GenericData.Record(AvroSchemas.PROVENANCE);
            entry.put("orchestrator", p.orchestrator());
            entry.put("step", p.step());
            entry.put("tool", p.tool());
            entry.put("action", p.action());
            entry.put("run_id", p.runId());
            entry.put("at", micros(p.at()));
            entry.put("attempt", p.attempt());
            entry.put("score", p.score());
            provenance.add(entry);
        }
        out.put("provenance", provenance);
        return out;
    }

    private static GenericData.EnumSymbol symbol(Schema schema, String name) {
        return new GenericData.EnumSymbol(schema, name);
    }

    /** Microseconds since the epoch (Avro's {@code timestamp-micros}); nanoseconds beyond are dropped. */
    static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    private static String json(Map<String, Object> map) {
        try {
            return Json.mapper().writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot write a map as JSON text: " + e.getOriginalMessage(), e);
        }
    }
}
