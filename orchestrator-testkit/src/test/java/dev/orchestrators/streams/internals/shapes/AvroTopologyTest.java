package dev.orchestrators.streams.internals.shapes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.samples.LeadSyncSample;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.samples.SampleTools;
import dev.orchestrators.samples.SupportTriageSample;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.registry.SubjectNameStrategy;
import dev.orchestrators.streams.serde.AvroSchemas;
import dev.orchestrators.streams.serde.WireFormat;
import dev.orchestrators.streams.serde.WireFormats;
import dev.orchestrators.streams.testing.AvroFrames;
import dev.orchestrators.testkit.FlowTestDriver;
import dev.orchestrators.streams.registry.InMemorySchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A flow configured for Avro reads registry-framed requests and answers with registry-framed envelopes; the audit stays
 * JSON; what it cannot read is dead-lettered byte for byte, and a registry outage stops it instead.
 */
class AvroTopologyTest {
    private static final String FLOW = LeadSyncSample.FLOW;
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final WireFormat avro = WireFormat.avro(registry, SubjectNameStrategy.TOPIC, true);
    private FlowTestDriver flow;

    private FlowTestDriver leadSync() {
        flow = FlowTestDriver.newBuilder(FLOW, LeadSyncSample::create)
                .context(OrchestratorContext.newBuilder().tools(SampleTools.inMemory()).build())
                .wireFormats(WireFormats.of(Map.of(FLOW, avro), WireFormat.json()))
                .build();
        return flow;
    }

    @AfterEach
    void closeDriver() {
        if (flow != null) {
            flow.close();
        }
    }

    /** A request framed as any Avro producer frames it, with the schema registered under the request topic's subject. */
    private byte[] avroRequest(String runId, String payloadJson) {
        int id = registry.register(TopicNames.requests(FLOW) + "-value", AvroSchemas.REQUEST);
        GenericRecord request = new GenericData.Record(AvroSchemas.REQUEST);
        request.put("run_id", runId);
        request.put("payload", payloadJson);
        return AvroFrames.frame(id, AvroSchemas.REQUEST, request);
    }

    @Test
    void shouldAnswerAnAvroRequestWithAnAvroEnvelopeAndAuditItAsJson() {
        // given
        leadSync();

        // when
        flow.rawRequests().pipeInput("lead-7", avroRequest("run-1", "{\"lead_id\":\"L-7\"}"));

        // then the envelope is framed with the id of the envelope schema under lead_sync.results-value
        TestRecord<String, byte[]> result = flow.rawResults().readRecord();
        int id = AvroFrames.idOf(result.value());
        assertThat(registry.subjects()).containsEntry(TopicNames.results(FLOW) + "-value", List.of(id));
        GenericRecord envelope = AvroFrames.read(result.value(), registry.schemaById(id));
        GenericRecord metadata = (GenericRecord) envelope.get("metadata");
        assertThat(result.key()).isEqualTo("lead-7");
        assertThat(metadata.get("run_id")).hasToString("run-1");
        assertThat(metadata.get("status")).hasToString("DISABLED");
        GenericRecord record = (GenericRecord) ((List<?>) envelope.get("records")).get(0);
        assertThat(record.get("key")).hasToString("L-7");
        assertThat(record.get("fields").toString()).contains("\"company_name\"");
        assertThat(Headers.lastValue(result.headers(), Headers.STATUS)).isEqualTo("DISABLED");

        // and the audit topic stays JSON, with the same envelope
        List<AuditRecord> audit = flow.audit().readValuesToList();
        assertThat(audit).filteredOn(entry -> entry.kind() == AuditKind.ENVELOPE).singleElement()
                .satisfies(entry -> assertThat(entry.envelope().runId()).isEqualTo("run-1"));
    }

    @Test
    void shouldDeadLetterWhatItCannotReadByteForByteAndKeepAnswering() {
        // given
        leadSync();
        byte[] valid = avroRequest("run-ok", "{\"lead_id\":\"L-1\"}");
        byte[] json = "{\"payload\":{\"lead_id\":\"L-1\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] unknownId = valid.clone();
        unknownId[4] = 42;
        byte[] truncated = Arrays.copyOf(valid, valid.length - 3);

        // when
        flow.rawRequests().pipeInput("L-1", json);
        flow.rawRequests().pipeInput("L-1", unknownId);
        flow.rawRequests().pipeInput("L-1", truncated);
        flow.rawRequests().pipeInput("L-1", valid);

        // then
        List<TestRecord<byte[], byte[]>> dead = flow.deadLetters().readRecordsToList();
        assertThat(dead).extracting(TestRecord::value).containsExactly(json, unknownId, truncated);
        assertThat(dead).extracting(letter -> Headers.lastValue(letter.headers(), Headers.DLQ_REASON))
                .satisfiesExactly(
                        reason -> assertThat(reason).contains("not the magic byte"),
                        reason -> assertThat(reason).contains("schema id 42"),
                        reason -> assertThat(reason).contains("truncated or corrupt"));
        GenericRecord answered = AvroFrames.read(flow.rawResults().readValue(), AvroSchemas.ENVELOPE);
        assertThat(((GenericRecord) answered.get("metadata")).get("run_id")).hasToString("run-ok");
    }

    @Test
    void shouldStopOnARequestWhoseSchemaTheRegistryCannotServeNowInsteadOfDeadLetteringIt() {
        // given
        leadSync();
        byte[] request = avroRequest("run-1", "{\"lead_id\":\"L-1\"}");
        registry.unavailable(true);

        // when / then: the stream fails on it (its thread is replaced and reads it again), nothing is dead-lettered
        assertThatThrownBy(() -> flow.rawRequests().pipeInput("L-1", request)).isInstanceOf(StreamsException.class);
        assertThat(flow.deadLetters().isEmpty()).isTrue();
    }

    @Test
    void shouldPassARequestToASubFlowInTheSubFlowsFormat() {
        // given an Avro router in front of an Avro lead_intake and a JSON support_ticket
        SampleEnvironment env = SampleEnvironment.immediate();
        flow = FlowTestDriver.newBuilder(SupportTriageSample.router(env))
                .wireFormats(WireFormats.of(Map.of("support_triage", avro, "lead_intake", avro), WireFormat.json()))
                .build();
        int id = registry.register("support_triage.requests-value", AvroSchemas.REQUEST);

        // when one request goes to each
        for (String[] mail : List.of(new String[] {"r-lead", "Pricing", "a quote please"}, new String[] {"r-ticket", "login", "help"})) {
            GenericRecord request = new GenericData.Record(AvroSchemas.REQUEST);
            request.put("run_id", mail[0]);
            request.put("payload", "{\"from\":\"ada@acme.example\",\"subject\":\"" + mail[1] + "\",\"body\":\"" + mail[2] + "\"}");
            flow.rawRequests().pipeInput("ada@acme.example", AvroFrames.frame(id, AvroSchemas.REQUEST, request));
        }
        flow.tick(Duration.ofMillis(10));

        // then lead_intake gets Avro under its own subject, support_ticket gets JSON
        byte[] toLeads = flow.rawTopic(TopicNames.requests("lead_intake")).readValue();
        assertThat(registry.subjects()).containsKey("lead_intake.requests-value");
        assertThat(AvroFrames.read(toLeads, AvroSchemas.REQUEST).get("run_id")).hasToString("r-lead");
        assertThat(flow.topic(TopicNames.requests("support_ticket")).readValue()).startsWith("{").contains("\"run_id\":\"r-ticket\"");
    }
}
