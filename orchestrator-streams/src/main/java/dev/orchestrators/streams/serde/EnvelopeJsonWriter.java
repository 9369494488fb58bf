package dev.orchestrators.streams.serde;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.ErrorInfo;
import dev.orchestrators.core.envelope.Metadata;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.envelope.StepRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes envelopes and audit records straight to a {@link JsonGenerator}, field by field: the same bytes as
 * {@link Json#mapper()} writes for them (a test holds it to that, byte for byte), without the mapper's per-value
 * serializer lookups, which made envelope JSON the largest single cost of a run. Values of free-form maps
 * ({@code fields}, {@code details}) of the common JSON types are written directly; any other value goes through
 * the mapper, so its JSON is the mapper's by construction. Thread-safe (stateless).
 */
final class EnvelopeJsonWriter {
    private static final SerializedString METADATA = new SerializedString("metadata");
    private static final SerializedString RECORDS = new SerializedString("records");
    private static final SerializedString RUN_ID = new SerializedString("run_id");
    private static final SerializedString FLOW = new SerializedString("flow");
    private static final SerializedString ORCHESTRATOR = new SerializedString("orchestrator");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString PARTIAL = new SerializedString("partial");
    private static final SerializedString BLOCKED = new SerializedString("blocked");
    private static final SerializedString REASON = new SerializedString("reason");
    private static final SerializedString ERROR = new SerializedString("error");
    private static final SerializedString ATTEMPTS = new SerializedString("attempts");
    private static final SerializedString STARTED_AT = new SerializedString("started_at");
    private static final SerializedString FINISHED_AT = new SerializedString("finished_at");
    private static final SerializedString STEPS = new SerializedString("steps");
    private static final SerializedString DETAILS = new SerializedString("details");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString DURATION_MS = new SerializedString("duration_ms");
    private static final SerializedString CLASS = new SerializedString("class");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString MESSAGE = new SerializedString("message");
    private static final SerializedString STEP = new SerializedString("step");
    private static final SerializedString RETRYABLE = new SerializedString("retryable");
    private static final SerializedString KEY = new SerializedString("key");
    private static final SerializedString FIELDS = new SerializedString("fields");
    private static final SerializedString PROVENANCE = new SerializedString("provenance");
    private static final SerializedString TOOL = new SerializedString("tool");
    private static final SerializedString ACTION = new SerializedString("action");
    private static final SerializedString AT = new SerializedString("at");
    private static final SerializedString ATTEMPT = new SerializedString("attempt");
    private static final SerializedString SCORE = new SerializedString("score");
    private static final SerializedString KIND = new SerializedString("kind");
    private static final SerializedString SUBJECT = new SerializedString("subject");
    private static final SerializedString ENVELOPE = new SerializedString("envelope");

    private EnvelopeJsonWriter() {
    }

    /** {@code envelope} as JSON. */
    static byte[] envelope(Envelope envelope) {
        return write(gen -> writeEnvelope(gen, envelope));
    }

    /** {@code record} as JSON; with {@code withEnvelope} false, without its {@code envelope} (and its closing brace). */
    static byte[] auditRecord(AuditRecord record, boolean withEnvelope) {
        return write(gen -> writeAuditRecord(gen, record, withEnvelope));
    }

    private interface Body {
        void writeTo(JsonGenerator gen) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
        try (JsonGenerator gen = Json.mapper().getFactory().createGenerator(bytes)) {
            body.writeTo(gen);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
        byte[] out = bytes.toByteArray();
        bytes.release();
        return out;
    }

    private static void writeEnvelope(JsonGenerator gen, Envelope envelope) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(METADATA);
        writeMetadata(gen, envelope.metadata());
        gen.writeFieldName(RECORDS);
        gen.writeStartArray();
        for (EnvelopeRecord record : envelope.records()) {
            writeRecord(gen, record);
        }
        gen.writeEndArray();
        gen.writeEndObject();
    }

    /** As {@code @JsonInclude(NON_NULL)} on {@link Metadata}, with {@code details} omitted when empty. */
    private static void writeMetadata(JsonGenerator gen, Metadata metadata) throws IOException {
        gen.writeStartObject();
        stringField(gen, RUN_ID, metadata.runId());
        stringField(gen, FLOW, metadata.flow());
        stringField(gen, ORCHESTRATOR, metadata.orchestrator());
        if (metadata.status() != null) {
            gen.writeFieldName(STATUS);
            gen.writeString(metadata.status().name());
        }
        gen.writeFieldName(PARTIAL);
        gen.writeBoolean(metadata.partial());
        gen.writeFieldName(BLOCKED);
        gen.writeBoolean(metadata.blocked());
        stringField(gen, REASON, metadata.reason());
        if (metadata.error() != null) {
            gen.writeFieldName(ERROR);
            writeError(gen, metadata.error());
        }
        gen.writeFieldName(ATTEMPTS);
        gen.writeNumber(metadata.attempts());
        instantField(gen, STARTED_AT, metadata.startedAt());
        instantField(gen, FINISHED_AT, metadata.finishedAt());
        if (metadata.steps() != null) {
            gen.writeFieldName(STEPS);
            gen.writeStartArray();
            for (StepRun step : metadata.steps()) {
                writeStep(gen, step);
            }
            gen.writeEndArray();
        }
        if (metadata.details() != null && !metadata.details().isEmpty()) {
            gen.writeFieldName(DETAILS);
            writeMap(gen, metadata.details());
        }
        gen.writeEndObject();
    }

    /** No inclusion rule on {@link StepRun}: every field, nulls included. */
    private static void writeStep(JsonGenerator gen, StepRun step) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(NAME);
        gen.writeString(step.name());
        gen.writeFieldName(ORCHESTRATOR);
        gen.writeString(step.orchestrator());
        gen.writeFieldName(STATUS);
        gen.writeString(step.status().name());
        gen.writeFieldName(ATTEMPTS);
        gen.writeNumber(step.attempts());
        gen.writeFieldName(DURATION_MS);
        gen.writeNumber(step.durationMs());
        gen.writeEndObject();
    }

    /** No inclusion rule on {@link ErrorInfo}: every field, nulls included; the class by its wire name. */
    private static void writeError(JsonGenerator gen, ErrorInfo error) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(CLASS);
        gen.writeString(error.failureClass().wireName());
        gen.writeFieldName(TYPE);
        gen.writeString(error.type());
        gen.writeFieldName(MESSAGE);
        gen.writeString(error.message());
        gen.writeFieldName(STEP);
        if (error.step() == null) {
            gen.writeNull();
        } else {
            gen.writeString(error.step());
        }
        gen.writeFieldName(RETRYABLE);
        gen.writeBoolean(error.retryable());
        gen.writeEndObject();
    }

    /** No inclusion rule on {@link EnvelopeRecord}; its constructor makes every field non-null. */
    private static void writeRecord(JsonGenerator gen, EnvelopeRecord record) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(KEY);
        gen.writeString(record.key());
        gen.writeFieldName(FIELDS);
        writeMap(gen, record.fields());
        gen.writeFieldName(PROVENANCE);
        gen.writeStartArray();
        for (Provenance step : record.provenance()) {
            writeProvenance(gen, step);
        }
        gen.writeEndArray();
        gen.writeEndObject();
    }

    /** As {@code @JsonInclude(NON_NULL)} on {@link Provenance}. */
    private static void writeProvenance(JsonGenerator gen, Provenance step) throws IOException {
        gen.writeStartObject();
        stringField(gen, ORCHESTRATOR, step.orchestrator());
        stringField(gen, STEP, step.step());
        stringField(gen, TOOL, step.tool());
        stringField(gen, ACTION, step.action());
        stringField(gen, RUN_ID, step.runId());
        instantField(gen, AT, step.at());
        gen.writeFieldName(ATTEMPT);
        gen.writeNumber(step.attempt());
        if (step.score() != null) {
            gen.writeFieldName(SCORE);
            gen.writeNumber(step.score().doubleValue());
        }
        gen.writeEndObject();
    }

    /** As {@code @JsonInclude(NON_NULL)} on {@link AuditRecord}; {@code details} is never null (its constructor). */
    private static void writeAuditRecord(JsonGenerator gen, AuditRecord record, boolean withEnvelope) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(KIND);
        gen.writeString(record.kind().name());
        stringField(gen, RUN_ID, record.runId());
        stringField(gen, FLOW, record.flow());
        stringField(gen, ORCHESTRATOR, record.orchestrator());
        stringField(gen, SUBJECT, record.subject());
        instantField(gen, AT, record.at());
        if (withEnvelope && record.envelope() != null) {
            gen.writeFieldName(ENVELOPE);
            writeEnvelope(gen, record.envelope());
        }
        gen.writeFieldName(DETAILS);
        writeMap(gen, record.details());
        gen.writeEndObject();
    }

    private static void stringField(JsonGenerator gen, SerializedString name, String value) throws IOException {
        if (value != null) {
            gen.writeFieldName(name);
            gen.writeString(value);
        }
    }

    /** As jsr310's {@code InstantSerializer} with dates not written as timestamps: ISO-8601, {@link Instant#toString()}. */
    private static void instantField(JsonGenerator gen, SerializedString name, Instant value) throws IOException {
        if (value != null) {
            gen.writeFieldName(name);
            gen.writeString(IsoInstant.format(value));
        }
    }

    private static void writeMap(JsonGenerator gen, Map<?, ?> map) throws IOException {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) { // the mapper's key serializers decide how such keys look
                gen.writeObject(map);
                return;
            }
        }
        gen.writeStartObject();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            gen.writeFieldName((String) entry.getKey());
            writeValue(gen, entry.getValue());
        }
        gen.writeEndObject();
    }

    /** The common JSON types directly, anything else (instants, records, arrays, big numbers) by the mapper. */
    private static void writeValue(JsonGenerator gen, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof String s) {
            gen.writeString(s);
        } else if (value instanceof Integer i) {
            gen.writeNumber(i);
        } else if (value instanceof Long l) {
            gen.writeNumber(l);
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (value instanceof Double d) {
            gen.writeNumber(d);
        } else if (value instanceof Map<?, ?> map) {
            writeMap(gen, map);
        } else if (value instanceof List<?> list) {
            gen.writeStartArray();
            for (Object element : list) {
                writeValue(gen, element);
            }
            gen.writeEndArray();
        } else {
            gen.writeObject(value);
        }
    }
}
