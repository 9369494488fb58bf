package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.samples.LeadSyncSample;
import dev.orchestrators.samples.SampleTools;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.JsonSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke test of the design, over a real broker: an independent producer publishes a {@code lead_sync}
 * request as plain JSON and an independent {@code read_committed} consumer finds its envelope on
 * {@code lead_sync.results} and its final entry on the compacted audit topic.
 */
@Timeout(120)
class LeadSyncSmokeIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    @RegisterExtension
    static final KafkaBroker broker = new KafkaBroker();

    @TempDir
    static Path stateDirs;

    @Test
    void shouldAnswerAPublishedRequestWithAnAuditedEnvelopeOnTheResultsTopic() throws Exception {
        // given: the lead_sync flow running with the sample tools and delivery off (the default)
        String flow = LeadSyncSample.FLOW;
        OrchestratorContext context = OrchestratorContext.newBuilder().tools(SampleTools.inMemory()).build();
        try (OrchestratorRuntime runtime = Runtimes.startAndAwaitRunning(registry(flow), context,
                Runtimes.config(broker.bootstrapServers(), flow, "smoke-" + UUID.randomUUID() + "-", stateDirs));
             Requests requests = Requests.to(broker.bootstrapServers(), flow);
             TopicReader<Envelope> results = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.results(flow), JsonSerde.envelope().deserializer());
             TopicReader<AuditRecord> audit = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.AUDIT, JsonSerde.auditRecord().deserializer())) {
            String runId = "smoke-" + UUID.randomUUID();

            // when
            requests.publishLead(new Requests.Lead("lead-1", runId, "L-1"));

            // then: one envelope, keyed like the request, carrying the run id in header and metadata
            ConsumerRecord<String, Envelope> result = awaitOnly(results, runId);
            assertThat(result.key()).isEqualTo("lead-1");
            assertThat(Headers.lastValue(result.headers(), Headers.RUN_ID)).isEqualTo(runId);
            assertThat(Headers.lastValue(result.headers(), Headers.STATUS)).isEqualTo("DISABLED");
            Envelope envelope = result.value();
            assertThat(envelope.metadata().runId()).isEqualTo(runId);
            assertThat(envelope.metadata().flow()).isEqualTo(flow);
            assertThat(envelope.status()).isEqualTo(RunStatus.DISABLED);
            assertThat(envelope.metadata().steps()).extracting(step -> step.name())
                    .containsExactly("fetch_lead", "enricher", "delivery");
            assertThat(envelope.records()).singleElement()
                    .satisfies(record -> assertThat(record.key()).isEqualTo("L-1"));

            // and: its final entry on the audit topic, keyed <run_id>/<orchestrator>
            ConsumerRecord<String, AuditRecord> entry = awaitAuditEntry(audit, runId + "/lead_sync");
            assertThat(entry.value().kind()).isEqualTo(AuditKind.ENVELOPE);
            assertThat(entry.value().envelope().status()).isEqualTo(RunStatus.DISABLED);
            assertThat(Headers.lastValue(entry.headers(), Headers.RUN_ID)).isEqualTo(runId);

            // and: the audit topic was created compacted
            assertThat(cleanupPolicyOf(TopicNames.AUDIT)).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void shouldDeliverAndRecordTheDeliveryIdWhenDeliveryIsAllowed() {
        // given: the same flow, registered under its own name (own topics, so the tests do not share input),
        // with the allow_delivery gate open
        String flow = "lead_sync_delivery";
        OrchestratorContext context = OrchestratorContext.newBuilder()
                .tools(SampleTools.inMemory())
                .deliveryGate(DeliveryGate.open())
                .build();
        try (OrchestratorRuntime runtime = Runtimes.startAndAwaitRunning(registry(flow), context,
                Runtimes.config(broker.bootstrapServers(), flow, "smoke-delivery-" + UUID.randomUUID() + "-", stateDirs));
             Requests requests = Requests.to(broker.bootstrapServers(), flow);
             TopicReader<Envelope> results = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.results(flow), JsonSerde.envelope().deserializer())) {
            String runId = "delivery-" + UUID.randomUUID();

            // when
            requests.publishLead(new Requests.Lead("lead-2", runId, "L-2"));

            // then
            ConsumerRecord<String, Envelope> result = awaitOnly(results, runId);
            assertThat(Headers.lastValue(result.headers(), Headers.STATUS)).isEqualTo("OK");
            assertThat(result.value().status()).isEqualTo(RunStatus.OK);
            assertThat(result.value().records()).singleElement()
                    .satisfies(record -> assertThat(record.field("delivery_id")).asString().startsWith("dlv-"));
        }
    }

    private static Registry registry(String flow) {
        return Registry.newBuilder().register(flow, LeadSyncSample::create).build();
    }

    private static ConsumerRecord<String, Envelope> awaitOnly(TopicReader<Envelope> results, String runId) {
        List<ConsumerRecord<String, Envelope>> answers = eventually(PATIENCE).until(
                () -> results.poll().stream().filter(r -> runId.equals(r.value().runId())).toList(), list -> !list.isEmpty());
        assertThat(answers).as("envelopes of run %s", runId).hasSize(1);
        return answers.get(0);
    }

    private static ConsumerRecord<String, AuditRecord> awaitAuditEntry(TopicReader<AuditRecord> audit, String key) {
        List<ConsumerRecord<String, AuditRecord>> entries = eventually(PATIENCE).until(
                () -> audit.poll().stream().filter(r -> key.equals(r.key())).toList(), list -> !list.isEmpty());
        assertThat(entries).as("audit entries keyed %s", key).hasSize(1);
        return entries.get(0);
    }

    private static String cleanupPolicyOf(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            return config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        }
    }
}
