package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.cli.OrchestratorCommand;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.flow.FlowEnvironment;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.samples.IdempotencyStore;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.samples.SampleFlows;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.serde.Json;
import dev.orchestrators.streams.serde.JsonSerde;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Replay for audit, the way a user runs it: every reference flow (coordinator with delivery, router and its
 * sub-flows, saga with compensation, scheduler with a cancellation, aggregator with a source down) answers
 * requests on a real broker; {@code bin/orchestrator replay} then re-runs each flow's recorded requests. Every
 * run matches its audited envelope, the new envelopes are on {@code <flow>.replay}, and nothing reached the
 * live results, audit, dead letters, compensations, jobs or the systems' side-effect ledger.
 */
@Timeout(300)
class ReplayIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> FLOWS = List.of("lead_sync", "support_triage", "lead_intake", "support_ticket",
            "account_provisioning", "followup_reminder", "company_search");

    @RegisterExtension
    static final KafkaBroker broker = new KafkaBroker();

    @TempDir
    static Path dirs;

    @Test
    @SuppressWarnings("unchecked")
    void shouldReplayEveryKindWithoutTouchingTheLivePathsAndSayWhenAChangeAltersAnOutcome() throws Exception {
        // given every reference flow running, delivery on, the sample systems' ledger on disk
        Path ledger = Files.createDirectories(dirs.resolve("systems"));
        Map<String, String> settings = Map.of(SampleEnvironment.LEDGER_DIR, ledger.toString());
        Registry.Builder flows = Registry.newBuilder();
        new SampleFlows().flows(new FlowEnvironment(settings)).forEach(flows::register);
        Registry registry = flows.build();
        OrchestratorContext context = OrchestratorContext.newBuilder().deliveryGate(DeliveryGate.open()).build();
        Map<String, Object> config = new LinkedHashMap<>(Runtimes.config(broker.bootstrapServers(), String.join(",", FLOWS),
                "replay-" + UUID.randomUUID() + "-", dirs));
        config.put(OrchestratorConfig.SCHEDULER_TICK_MS_CONFIG, 200L);
        try (OrchestratorRuntime runtime = Runtimes.startAndAwaitRunning(registry, context, config)) {
            publish("lead_sync", "L-1", "r-lead-1", "{\"lead_id\":\"L-1\"}");
            publish("lead_sync", "L-2", "r-lead-2", "{\"lead_id\":\"L-2\"}");
            publish("support_triage", "ada@acme.example", "r-mail-1",
                    "{\"from\":\"ada@acme.example\",\"subject\":\"Pricing for 40 seats\",\"body\":\"A quote?\"}");
            publish("support_triage", "grace@globex.example", "r-mail-2",
                    "{\"from\":\"grace@globex.example\",\"subject\":\"Cannot log in\",\"body\":\"The reset link does nothing\"}");
            publish("account_provisioning", "A-1", "r-acct-1", "{\"account_id\":\"A-1\",\"email\":\"a1@acme.example\",\"plan\":\"team\"}");
            publish("account_provisioning", "A-2", "r-acct-2", "{\"account_id\":\"A-2\",\"email\":\"a2@acme.example\",\"plan\":\"legacy\"}");
            publish("company_search", "acme", "r-search-1", "{\"query\":\"acme\"}");
            publish("company_search", "acme-outage", "r-search-2", "{\"query\":\"acme outage\"}");
            publish("followup_reminder", "L-3", "r-remind-1", "{\"delay\":\"PT1H\",\"key\":\"L-3\",\"job\":{\"lead_id\":\"L-3\"}}");
            Envelope scheduled = awaitEnvelopes("followup_reminder", 1).get(0);
            String jobId = (String) ((Map<String, Object>) scheduled.metadata().details().get("job")).get("job_id");
            publish("followup_reminder", "L-3", "r-remind-2", "{\"cancel\":\"" + jobId + "\"}");
            awaitEnvelopes("lead_sync", 2);
            awaitEnvelopes("support_triage", 2);
            awaitEnvelopes("account_provisioning", 2);
            awaitEnvelopes("company_search", 2);
            awaitEnvelopes("followup_reminder", 2);
        }
        Map<TopicPartition, Long> liveBefore = endOffsets(liveTopics());
        long performedBefore = IdempotencyStore.inDirectory(ledger).performed();

        // when each flow's requests are replayed, as the runs were made (delivery on)
        for (String flow : List.of("lead_sync", "support_triage", "account_provisioning", "company_search", "followup_reminder")) {
            Path report = dirs.resolve(flow + "-replay.json");
            Run run = replay("--flow", flow, "--allow-delivery", "-D", SampleEnvironment.LEDGER_DIR + "=" + ledger, "--json", report.toString());

            // then every run matches its audited envelope
            assertThat(run.exitCode()).as(run.output()).isZero();
            Map<String, Object> summary = (Map<String, Object>) Json.mapper().readValue(report.toFile(), Map.class).get("summary");
            assertThat(summary).as(run.output()).containsEntry("differ", 0).containsEntry("not_audited", 0).containsEntry("failed", 0);
            assertThat((Integer) summary.get("match")).as(run.output()).isEqualTo(2);
            assertThat(run.output()).contains("MATCH r-");
        }

        // and nothing reached the live paths or the systems; the new envelopes are on <flow>.replay
        assertThat(endOffsets(liveTopics())).isEqualTo(liveBefore);
        assertThat(IdempotencyStore.inDirectory(ledger).performed()).isEqualTo(performedBefore);
        try (TopicReader<Envelope> replays = TopicReader.readCommitted(broker.bootstrapServers(), TopicNames.replay("account_provisioning"),
                JsonSerde.envelope().deserializer())) {
            eventually(PATIENCE).until(() -> replays.poll().size() == 2);
            assertThat(replays.poll()).extracting(r -> Headers.lastValue(r.headers(), Headers.REPLAY_OUTCOME)).containsOnly("match");
            assertThat(replays.poll()).extracting(r -> r.value().runId()).containsExactlyInAnyOrder("r-acct-1", "r-acct-2");
        }

        // when lead_sync is replayed with delivery off, which the runs had on
        Run changed = replay("--flow", "lead_sync", "--run-id", "r-lead-1", "-D", SampleEnvironment.LEDGER_DIR + "=" + ledger);

        // then the replay says the outcome would differ, and how
        assertThat(changed.exitCode()).as(changed.output()).isEqualTo(1);
        assertThat(changed.output()).contains("DIFFERS r-lead-1").contains("metadata.status: \"OK\" -> \"DISABLED\"")
                .contains("replayed 1 requests of lead_sync: 0 match, 1 differ");
    }

    private static void publish(String flow, String key, String runId, String payload) {
        try (Requests requests = Requests.to(broker.bootstrapServers(), flow)) {
            requests.publish(key, "{\"run_id\":\"" + runId + "\",\"payload\":" + payload + "}");
        }
    }

    private static List<Envelope> awaitEnvelopes(String flow, int count) {
        try (TopicReader<Envelope> results = TopicReader.readCommitted(broker.bootstrapServers(), TopicNames.results(flow),
                JsonSerde.envelope().deserializer())) {
            eventually(PATIENCE).until(() -> results.poll().size() >= count);
            return results.poll().stream().map(ConsumerRecord::value).toList();
        }
    }

    private static List<String> liveTopics() {
        List<String> topics = new ArrayList<>(List.of(TopicNames.AUDIT, TopicNames.compensations("account_provisioning"),
                TopicNames.jobs("followup_reminder")));
        for (String flow : FLOWS) {
            topics.addAll(List.of(TopicNames.requests(flow), TopicNames.results(flow), TopicNames.deadLetters(flow)));
        }
        return topics;
    }

    private static Map<TopicPartition, Long> endOffsets(List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> query = new LinkedHashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) ->
                    description.partitions().forEach(p -> query.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> out = new LinkedHashMap<>();
            admin.listOffsets(query).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        }
    }

    /** What {@code bin/orchestrator replay} printed and returned. */
    private record Run(int exitCode, String output) {
    }

    private static Run replay(String... args) {
        List<String> all = new ArrayList<>(List.of("replay", "--bootstrap-servers", broker.bootstrapServers()));
        all.addAll(List.of(args));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int code;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = OrchestratorCommand.commandLine().execute(all.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.print(output);
        return new Run(code, output);
    }
}
