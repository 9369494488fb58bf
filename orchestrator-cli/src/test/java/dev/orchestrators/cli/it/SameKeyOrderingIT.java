package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.core.tool.Tools;
import dev.orchestrators.samples.LeadSyncSample;
import dev.orchestrators.samples.SampleTools;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.JsonSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests with the same key are answered in the order they were published, on a real broker, even when the
 * tools would finish later requests first: runs of one key do not overlap.
 */
@Timeout(120)
class SameKeyOrderingIT {
    private static final Duration PATIENCE = Duration.ofSeconds(45);
    private static final String FLOW = LeadSyncSample.FLOW;
    private static final int REQUESTS = 20;
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
    void shouldAnswerSameKeyRequestsInPublishOrderEvenWhenLaterOnesWouldFinishFirst() {
        // given: a lead fetch that is slower the earlier the lead (L-0 takes longest), so overlapping runs
        // of one key would finish in reverse order
        Registry registry = LeadSyncSample.register(Registry.newBuilder()).build();
        Tool fetchLead = SampleTools.inMemory().find(SampleTools.DATA_COORDINATOR).orElseThrow();
        OrchestratorContext context = OrchestratorContext.newBuilder()
                .tools(SampleTools.inMemory().with(slowerForEarlierLeads(fetchLead)))
                .build();
        List<Requests.Lead> leads = IntStream.range(0, REQUESTS)
                .mapToObj(i -> new Requests.Lead("the-same-key", "ordered-" + i + "-" + UUID.randomUUID(), "L-" + i))
                .toList();
        try (OrchestratorRuntime runtime = Runtimes.startAndAwaitRunning(registry, context,
                Runtimes.config(broker.bootstrapServers(), FLOW, "ordering-" + UUID.randomUUID() + "-", stateDirs));
             Requests requests = Requests.to(broker.bootstrapServers(), FLOW);
             TopicReader<Envelope> results = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.results(FLOW), JsonSerde.envelope().deserializer())) {

            // when
            requests.publishLeads(leads);

            // then
            List<ConsumerRecord<String, Envelope>> answered = eventually(PATIENCE)
                    .until(results::poll, list -> list.size() >= REQUESTS);
            assertThat(answered).extracting(r -> r.value().runId())
                    .containsExactlyElementsOf(leads.stream().map(Requests.Lead::runId).toList());
        }
    }

    /** {@code delegate}, answering lead {@code L-i} after {@code (REQUESTS - i) * 20} ms without holding a thread. */
    private static Tool slowerForEarlierLeads(Tool delegate) {
        return Tools.async(delegate.name(), delegate.capability(), call -> {
            int index = Integer.parseInt(call.requireString("lead_id").substring(2));
            CompletableFuture<ToolResult> answer = new CompletableFuture<>();
            latency.schedule(() -> delegate.invoke(call).whenComplete((result, failure) -> {
                if (failure != null) {
                    answer.completeExceptionally(failure);
                } else {
                    answer.complete(result);
                }
            }), (REQUESTS - index) * 20L, TimeUnit.MILLISECONDS);
            return answer;
        });
    }
}
