package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.RunCountAssert.assertThatRunsOf;
import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.samples.LeadSyncSample;
import dev.orchestrators.samples.SampleTools;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.serde.JsonSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime that is stopped cleanly and replaced by a new one with the same application id (a deploy) picks
 * up where the old one left off: what was answered is not answered again, what was still in flight is answered
 * once by the new one, what arrives later is answered.
 */
@Timeout(150)
class RestartIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String FLOW = LeadSyncSample.FLOW;
    @RegisterExtension
    static final KafkaBroker broker = new KafkaBroker();
    private static ScheduledExecutorService latency;

    @TempDir
    static Path stateDirs;

    @BeforeAll
    static void startLatencyScheduler() {
        latency = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopLatencyScheduler() {
        latency.shutdownNow();
    }

    @Test
    void shouldNotReprocessAnsweredRequestsAfterACleanRestartWithTheSameApplicationId() {
        // given: a runtime that answered a first batch and was then closed
        Registry registry = LeadSyncSample.register(Registry.newBuilder()).build();
        OrchestratorContext context = OrchestratorContext.newBuilder().tools(SampleTools.inMemory()).build();
        String prefix = "restart-" + UUID.randomUUID() + "-";
        List<Requests.Lead> before = leads("before", 6);
        List<Requests.Lead> after = leads("after", 6);
        List<String> all = new ArrayList<>(runIds(before));
        all.addAll(runIds(after));
        try (Requests requests = Requests.to(broker.bootstrapServers(), FLOW)) {
            try (OrchestratorRuntime first = Runtimes.startAndAwaitRunning(registry, context, config(prefix));
                 TopicReader<Envelope> results = resultsReader()) {
                requests.publishLeads(before);
                eventually(PATIENCE).untilAsserted(() -> assertThatEnvelopes(results).hasExactlyOnePerRun(runIds(before)));
            }

            // when: a new runtime with the same application id (but fresh local state) starts, and more arrive
            try (OrchestratorRuntime second = Runtimes.startAndAwaitRunning(registry, context, config(prefix));
                 TopicReader<Envelope> results = resultsReader()) {
                requests.publishLeads(after);

                // then: the new requests are answered; the old ones are not answered again
                eventually(PATIENCE).untilAsserted(() -> assertThatEnvelopes(results).hasAtLeastOnePerRun(all));
                eventually(Duration.ofSeconds(15)).during(Duration.ofSeconds(2))
                        .untilAsserted(() -> assertThatEnvelopes(results).hasExactlyOnePerRun(all));
            }
        }
    }

    @Test
    void shouldAnswerRequestsStillInFlightAtAnOrderlyShutdownExactlyOnceInTheNextRuntime() {
        // given: a runtime with slow tools (each run takes ~3 s) that drains for only 300 ms when closed, and
        // has admitted a batch of requests (their input offsets are committed). The flow has its own name so its
        // topics are not shared with the other test.
        String flow = "lead_sync_handover";
        Registry registry = Registry.newBuilder().register(flow, LeadSyncSample::create).build();
        OrchestratorContext context = OrchestratorContext.newBuilder()
                .tools(SampleTools.withLatency(Duration.ofMillis(1_500), latency))
                .build();
        String prefix = "handover-" + UUID.randomUUID() + "-";
        Map<String, Object> config = new HashMap<>(Runtimes.config(broker.bootstrapServers(), flow, prefix, stateDirs));
        config.put(OrchestratorConfig.SHUTDOWN_DRAIN_MS_CONFIG, 300L);
        List<Requests.Lead> leads = leads("in-flight", 6);
        try (Requests requests = Requests.to(broker.bootstrapServers(), flow)) {
            try (OrchestratorRuntime first = Runtimes.startAndAwaitRunning(registry, context, config)) {
                requests.publishLeads(leads);
                eventually(PATIENCE).until(() -> committedInputRecords(prefix + flow) == leads.size());
            } // when: it is closed while those runs are still in flight
            try (TopicReader<Envelope> results = resultsReader(flow)) {
                eventually(PATIENCE).until(results::caughtUp);
                assertThat(results.poll()).as("envelopes written before the handover").isEmpty();
            }

            // then: the next runtime of the same application answers each of them exactly once
            try (OrchestratorRuntime second = Runtimes.startAndAwaitRunning(registry, context, config);
                 TopicReader<Envelope> results = resultsReader(flow)) {
                eventually(PATIENCE).untilAsserted(() -> assertThatRunsOf("envelopes on " + TopicNames.results(flow),
                        results.poll(), r -> r.value().runId()).hasAtLeastOnePerRun(runIds(leads)));
                eventually(Duration.ofSeconds(15)).during(Duration.ofSeconds(2))
                        .untilAsserted(() -> assertThatRunsOf("envelopes on " + TopicNames.results(flow),
                                results.poll(), r -> r.value().runId()).hasExactlyOnePerRun(runIds(leads)));
            }
        }
    }

    private static RunCountAssert assertThatEnvelopes(TopicReader<Envelope> results) {
        return assertThatRunsOf("envelopes on " + TopicNames.results(FLOW), results.poll(), r -> r.value().runId());
    }

    /** Everything on the results topic from its beginning (the topic exists once a runtime has started). */
    private static TopicReader<Envelope> resultsReader() {
        return resultsReader(FLOW);
    }

    private static TopicReader<Envelope> resultsReader(String flow) {
        return TopicReader.readCommitted(broker.bootstrapServers(), TopicNames.results(flow), JsonSerde.envelope().deserializer());
    }

    /** How many input records consumer group {@code group} has committed past: admitted requests, under exactly-once. */
    private static long committedInputRecords(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .values().stream().filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static Map<String, Object> config(String prefix) {
        return Runtimes.config(broker.bootstrapServers(), FLOW, prefix, stateDirs);
    }

    private static List<Requests.Lead> leads(String batch, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new Requests.Lead("lead-" + batch + "-" + i, batch + "-" + UUID.randomUUID(), "L-" + i))
                .toList();
    }

    private static List<String> runIds(List<Requests.Lead> leads) {
        return leads.stream().map(Requests.Lead::runId).toList();
    }
}
