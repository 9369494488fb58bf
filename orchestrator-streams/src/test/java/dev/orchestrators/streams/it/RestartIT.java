package dev.orchestrators.streams.it;

import static dev.orchestrators.streams.it.RunCountAssert.assertThatRunsOf;
import static dev.orchestrators.streams.it.Waiting.eventually;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.Registry;
import dev.orchestrators.core.samples.LeadSyncSample;
import dev.orchestrators.core.samples.SampleTools;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.embedded.EmbeddedKafkaBroker;
import dev.orchestrators.streams.serde.JsonSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime that is stopped cleanly and replaced by a new one with the same application id (a deploy) picks
 * up where the old one left off: what was answered is not answered again, what arrives later is answered.
 */
@Timeout(150)
class RestartIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String FLOW = LeadSyncSample.FLOW;
    private static EmbeddedKafkaBroker broker;

    @TempDir
    static Path stateDirs;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.newBuilder().port(0).build().start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
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
                eventually(PATIENCE).during(Duration.ofSeconds(2))
                        .untilAsserted(() -> assertThatEnvelopes(results).hasExactlyOnePerRun(all));
            }
        }
    }

    private static RunCountAssert assertThatEnvelopes(TopicReader<Envelope> results) {
        return assertThatRunsOf("envelopes on " + TopicNames.results(FLOW), results.poll(), r -> r.value().runId());
    }

    /** Everything on the results topic from its beginning (the topic exists once a runtime has started). */
    private static TopicReader<Envelope> resultsReader() {
        return TopicReader.readCommitted(broker.bootstrapServers(), TopicNames.results(FLOW), JsonSerde.envelope().deserializer());
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
