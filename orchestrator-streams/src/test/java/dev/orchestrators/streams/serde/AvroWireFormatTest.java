package dev.orchestrators.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.ErrorInfo;
import dev.orchestrators.core.envelope.Metadata;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.envelope.StepRun;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.streams.config.RequestLimits;
import dev.orchestrators.streams.registry.SubjectNameStrategy;
import dev.orchestrators.streams.testing.AvroFrames;
import dev.orchestrators.streams.registry.InMemorySchemaRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** Envelopes and requests written in Avro are what any Avro consumer reads with the registry's schema. */
class AvroWireFormatTest {
    private static final Instant STARTED = Instant.parse("2026-01-01T10:00:00.123456789Z");
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final WireFormat avro = WireFormat.avro(registry, SubjectNameStrategy.TOPIC, true);

    private static Envelope failedEnvelope() {
        Provenance produced = new Provenance("lead_sync", "fetch_lead", null, "produced", "r-1", STARTED, 1);
        Metadata metadata = new Metadata("r-1", "lead_sync", "lead_sync", RunStatus.FAILED, false, false, null,
                ErrorInfo.of(FailureClass.TRANSIENT, "ToolTimeout", "crm timed out", "fetch_lead"), 2, STARTED,
                STARTED.plusMillis(40), List.of(new StepRun("fetch_lead", "lead_sync", StepRun.StepStatus.FAILED, 3, 40)),
                Map.of("route", Map.of("router", "triage")));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("lead_id", "L-1");
        fields.put("score", 18);
        return new Envelope(metadata, List.of(EnvelopeRecord.of("L-1", fields, produced)));
    }

    @Test
    void shouldWriteTheEnvelopeUnderTheResultTopicsSubjectForAnyAvroConsumer() {
        byte[] bytes = avro.serializeEnvelope("lead_sync.results", failedEnvelope());

        int id = AvroFrames.idOf(bytes);
        assertThat(registry.subjects()).containsEntry("lead_sync.results-value", List.of(id));
        GenericRecord envelope = AvroFrames.read(bytes, registry.schemaById(id));
        GenericRecord metadata = (GenericRecord) envelope.get("metadata");
        assertThat(metadata.get("run_id")).hasToString("r-1");
        assertThat(metadata.get("status")).hasToString("FAILED");
        assertThat(metadata.get("attempts")).isEqualTo(2);
        assertThat(metadata.get("started_at")).isEqualTo(1767261600123456L);
        assertThat(metadata.get("reason")).isNull();
        assertThat(metadata.get("details")).hasToString("{\"route\":{\"router\":\"triage\"}}");
        GenericRecord error = (GenericRecord) metadata.get("error");
        assertThat(error.get("class")).hasToString("transient");
        assertThat(error.get("type")).hasToString("ToolTimeout");
        assertThat(error.get("retryable")).isEqualTo(true);
        GenericRecord step = (GenericRecord) ((List<?>) metadata.get("steps")).get(0);
        assertThat(step.get("status")).hasToString("FAILED");
        assertThat(step.get("duration_ms")).isEqualTo(40L);
        GenericRecord record = (GenericRecord) ((List<?>) envelope.get("records")).get(0);
        assertThat(record.get("key")).hasToString("L-1");
        assertThat(record.get("fields")).hasToString("{\"lead_id\":\"L-1\",\"score\":18}");
        GenericRecord provenance = (GenericRecord) ((List<?>) record.get("provenance")).get(0);
        assertThat(provenance.get("tool")).isNull();
        assertThat(provenance.get("action")).hasToString("produced");
        assertThat(provenance.get("at")).isEqualTo(1767261600123456L);
        assertThat(provenance.get("score")).isNull();
    }

    @Test
    void shouldLeaveOutEmptyDetailsAsNull() {
        Envelope ok = new Envelope(new Metadata("r-2", "f", "f", RunStatus.OK, false, false, null, null, 1, STARTED, STARTED,
                List.of()), List.of());

        GenericRecord envelope = AvroFrames.read(avro.serializeEnvelope("f.results", ok), AvroSchemas.ENVELOPE);

        assertThat(((GenericRecord) envelope.get("metadata")).get("details")).isNull();
    }

    @Test
    void shouldWriteTheScoreARankingToolGaveARecordIntoItsProvenance() {
        Provenance scored = new Provenance("company_search", "vectors", "vector_search", "produced", "r-4", STARTED, 1, 0.83);
        Envelope ok = new Envelope(new Metadata("r-4", "company_search", "company_search", RunStatus.OK, false, false, null,
                null, 1, STARTED, STARTED, List.of()), List.of(EnvelopeRecord.of("acme.example", Map.of("score", 0.83), scored)));

        GenericRecord envelope = AvroFrames.read(avro.serializeEnvelope("company_search.results", ok), AvroSchemas.ENVELOPE);

        GenericRecord record = (GenericRecord) ((List<?>) envelope.get("records")).get(0);
        GenericRecord provenance = (GenericRecord) ((List<?>) record.get("provenance")).get(0);
        assertThat(provenance.get("score")).isEqualTo(0.83);
    }

    @Test
    void shouldReadBackTheRequestsItWrites() {
        Request request = new Request("r-3", Map.of("lead_id", "L-3", "nested", Map.of("n", 1)));

        byte[] bytes = avro.serializeRequest("lead_sync.requests", request);

        assertThat(avro.requestDeserializer(RequestLimits.DEFAULTS).deserialize("lead_sync.requests", bytes)).isEqualTo(request);
        assertThat(registry.subjects()).containsKey("lead_sync.requests-value");
    }

    @Test
    void shouldNameSubjectsByTheConfiguredStrategy() {
        WireFormat byRecord = WireFormat.avro(registry, SubjectNameStrategy.RECORD, true);
        WireFormat byTopicAndRecord = WireFormat.avro(registry, SubjectNameStrategy.TOPIC_RECORD, true);

        byRecord.serializeEnvelope("a.results", failedEnvelope());
        byTopicAndRecord.serializeEnvelope("a.results", failedEnvelope());

        assertThat(registry.subjects()).containsOnlyKeys("dev.orchestrators.avro.Envelope",
                "a.results-dev.orchestrators.avro.Envelope");
    }

    @Test
    void shouldFailToPrepareATopicWhoseSchemaIsNotRegisteredWhenItMayNotRegister() {
        WireFormat lookupOnly = WireFormat.avro(registry, SubjectNameStrategy.TOPIC, false);

        assertThatThrownBy(() -> lookupOnly.prepare("lead_sync.results", true)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'lead_sync.results-value'").hasMessageContaining("auto.register.schemas is false");

        registry.register("lead_sync.results-value", AvroSchemas.ENVELOPE);
        lookupOnly.prepare("lead_sync.results", true);
        assertThat(registry.calls()).last().isEqualTo("look up lead_sync.results-value");
    }
}
