package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.samples.LeadSyncSample;
import dev.orchestrators.samples.SampleTools;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.serde.JsonSerde;
import dev.orchestrators.streams.testing.AvroFrames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lead_sync} with {@code orchestrator.wire.format=avro} on a real broker and a real schema registry (Apicurio's
 * Confluent-compatible API). The test speaks only plain Kafka clients, plain Avro and the registry's REST API: it
 * encodes the requests and decodes the envelopes itself, so the runtime's Avro code is what is under test.
 */
@Timeout(240)
class AvroSchemaRegistryIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String FLOW = LeadSyncSample.FLOW;
    /** A producer's own request schema: a name and a field of its own, the fields the flow reads. */
    private static final String PRODUCER_SCHEMA = """
            {"type": "record", "name": "LeadSyncRequest", "namespace": "crm.events", "fields": [
              {"name": "run_id", "type": ["null", "string"], "default": null},
              {"name": "payload", "type": "string"},
              {"name": "sent_by", "type": "string"}]}""";

    @RegisterExtension
    static final KafkaBroker broker = new KafkaBroker();
    @RegisterExtension
    static final RegistryServer registry = new RegistryServer();
    @TempDir
    static Path stateDirs;

    private static OrchestratorRuntime runtime;
    private static Requests requests;
    private static int producerSchemaId;

    @BeforeAll
    static void startAvroFlow() {
        Map<String, Object> config = Runtimes.config(broker.bootstrapServers(), FLOW, "avro-" + UUID.randomUUID() + "-", stateDirs);
        config.put(OrchestratorConfig.WIRE_FORMAT_CONFIG, "avro");
        config.put(OrchestratorConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        runtime = Runtimes.startAndAwaitRunning(LeadSyncSample.register(Registry.newBuilder()).build(),
                OrchestratorContext.newBuilder().tools(SampleTools.inMemory()).build(), config);
        requests = Requests.to(broker.bootstrapServers(), FLOW);
        producerSchemaId = registry.register(TopicNames.requests(FLOW) + "-value", PRODUCER_SCHEMA);
    }

    @AfterAll
    static void stop() {
        if (requests != null) {
            requests.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    private static byte[] avroRequest(String runId, String leadId) {
        Schema schema = new Schema.Parser().parse(PRODUCER_SCHEMA);
        GenericRecord request = new GenericData.Record(schema);
        request.put("run_id", runId);
        request.put("payload", "{\"lead_id\":\"" + leadId + "\"}");
        request.put("sent_by", "crm");
        return AvroFrames.frame(producerSchemaId, schema, request);
    }

    /** An envelope read back as any consumer would: the schema by the id on the record, from the registry. */
    private static GenericRecord decode(byte[] value) {
        return AvroFrames.read(value, new Schema.Parser().parse(registry.schemaById(AvroFrames.idOf(value))));
    }

    private static GenericRecord metadata(GenericRecord envelope) {
        return (GenericRecord) envelope.get("metadata");
    }

    @Test
    void shouldAnswerAnAvroRequestWithAnAvroEnvelopeDecodedThroughTheRegistry() {
        String runId = "avro-" + UUID.randomUUID();
        try (TopicReader<byte[]> results = TopicReader.readCommitted(broker.bootstrapServers(), TopicNames.results(FLOW),
                new ByteArrayDeserializer());
             TopicReader<AuditRecord> audit = TopicReader.readCommitted(broker.bootstrapServers(), TopicNames.AUDIT,
                     JsonSerde.auditRecord().deserializer())) {
            // when
            requests.publishRaw(new ProducerRecord<>(requests.topic(), Requests.utf8("lead-1"), avroRequest(runId, "L-1")));

            // then
            ConsumerRecord<String, byte[]> result = eventually(PATIENCE).until(results::poll, list -> list.stream()
                    .anyMatch(r -> runId.equals(Headers.lastValue(r.headers(), Headers.RUN_ID)))).stream()
                    .filter(r -> runId.equals(Headers.lastValue(r.headers(), Headers.RUN_ID))).findFirst().orElseThrow();
            GenericRecord envelope = decode(result.value());
            assertThat(result.key()).isEqualTo("lead-1");
            assertThat(metadata(envelope).get("run_id")).hasToString(runId);
            assertThat(metadata(envelope).get("status")).hasToString(RunStatus.DISABLED.name());
            GenericRecord record = (GenericRecord) ((List<?>) envelope.get("records")).get(0);
            assertThat(record.get("key")).hasToString("L-1");
            assertThat(record.get("fields").toString()).contains("\"lead_id\":\"L-1\"").contains("\"company_name\"");
            assertThat((List<?>) record.get("provenance")).hasSize(3);

            // and the audit entry is JSON, with the same envelope
            List<ConsumerRecord<String, AuditRecord>> entries = eventually(PATIENCE).until(audit::poll, list -> list.stream()
                    .anyMatch(e -> e.value().kind() == AuditKind.ENVELOPE && runId.equals(e.value().runId())));
            assertThat(entries).filteredOn(e -> e.value().kind() == AuditKind.ENVELOPE && runId.equals(e.value().runId()))
                    .singleElement().satisfies(e -> assertThat(e.value().envelope().status()).isEqualTo(RunStatus.DISABLED));
        }
    }

    @Test
    void shouldDeadLetterMalformedAvroRequestsWithTheirBytesAndKeepAnswering() {
        String runId = "after-" + UUID.randomUUID();
        byte[] valid = avroRequest(runId, "L-2");
        byte[] json = "{\"payload\":{\"lead_id\":\"L-2\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] unknownId = valid.clone();
        unknownId[1] = 0x7f; // schema id 0x7f......, which no registry has handed out
        byte[] truncated = Arrays.copyOf(valid, valid.length - 5);
        List<byte[]> malformed = List.of(json, unknownId, truncated);
        try (TopicReader<byte[]> deadLetters = TopicReader.readCommitted(broker.bootstrapServers(), TopicNames.deadLetters(FLOW),
                new ByteArrayDeserializer());
             TopicReader<byte[]> results = TopicReader.readCommitted(broker.bootstrapServers(), TopicNames.results(FLOW),
                     new ByteArrayDeserializer())) {
            // when: three malformed requests, then a valid one, all with the same key (one partition, in this order)
            RecordMetadata first = null;
            for (byte[] value : malformed) {
                RecordMetadata at = requests.publishRaw(new ProducerRecord<>(requests.topic(), Requests.utf8("lead-2"), value));
                first = first == null ? at : first;
            }
            requests.publishRaw(new ProducerRecord<>(requests.topic(), Requests.utf8("lead-2"), valid));

            // then each is dead-lettered byte for byte, with the reason
            List<ConsumerRecord<String, byte[]>> dead = eventually(PATIENCE).until(deadLetters::poll, list -> list.size() >= 3);
            assertThat(dead).extracting(ConsumerRecord::value).containsExactlyElementsOf(malformed);
            assertThat(dead).extracting(letter -> Headers.lastValue(letter.headers(), Headers.DLQ_REASON)).satisfiesExactly(
                    reason -> assertThat(reason).contains("not the magic byte"),
                    reason -> assertThat(reason).contains("schema id " + AvroFrames.idOf(unknownId)),
                    reason -> assertThat(reason).contains("truncated or corrupt"));
            assertThat(Headers.lastValue(dead.get(0).headers(), Headers.DLQ_OFFSET)).isEqualTo(Long.toString(first.offset()));

            // and the valid request behind them is answered
            eventually(PATIENCE).until(results::poll, list -> list.stream()
                    .anyMatch(r -> runId.equals(Headers.lastValue(r.headers(), Headers.RUN_ID))));
        }
    }

    @Test
    void shouldLetTheRegistryJudgeTheNextVersionOfTheEnvelopeAgainstTheOneTheFlowRegistered() throws Exception {
        // given the subject the flow registered its envelope schema under, checked BACKWARD
        String subject = TopicNames.results(FLOW) + "-value";
        registry.requireBackward(subject);
        String current = Files.readString(Path.of("..", "schemas", "envelope.avsc"));
        String registered = new Schema.Parser().parse(registry.schemaById(registry.register(subject, schemaOf(current)))).getFullName();
        assertThat(registered).isEqualTo("dev.orchestrators.avro.Envelope");

        // when / then: a field added with a default may follow it, one without may not
        assertThat(registry.compatibility(subject, withField(current, "{\"name\": \"tenant\", \"type\": [\"null\", \"string\"], "
                + "\"default\": null, \"doc\": \"x\"}"))).contains("\"is_compatible\":true");
        assertThat(registry.compatibility(subject, withField(current, "{\"name\": \"tenant\", \"type\": \"string\", "
                + "\"doc\": \"x\"}"))).contains("\"is_compatible\":false");
    }

    /** The self-contained envelope schema (the file uses types of record.avsc and provenance.avsc). */
    private static String schemaOf(String envelopeFile) throws Exception {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(Path.of("..", "schemas", "provenance.avsc").toFile());
        parser.parse(Path.of("..", "schemas", "record.avsc").toFile());
        return parser.parse(envelopeFile).toString();
    }

    private static String withField(String envelopeFile, String field) throws Exception {
        String selfContained = schemaOf(envelopeFile);
        int records = selfContained.lastIndexOf("{\"name\":\"records\"");
        return selfContained.substring(0, records) + field + "," + selfContained.substring(records);
    }
}
