package dev.orchestrators.streams.internals.shapes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Metadata;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.RunOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.internals.engine.PendingRequest;
import dev.orchestrators.streams.internals.engine.RunEngine;
import dev.orchestrators.streams.internals.engine.ShutdownDrain;
import dev.orchestrators.testkit.FlowTestDriver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous execution contract of {@link RunEngine}: concurrency across keys, order within a
 * key, durable retries that do not block other keys, time-outs, poison requests and backpressure. Tool
 * calls stay open until the test answers them, so every interleaving here is chosen, not raced.
 */
class AsyncFlowProcessorTest {
    private static final String FLOW = "probe";
    private final GatedTool tool = new GatedTool();
    private FlowTestDriver flow;
    private ShutdownDrain drain;

    private void start(int maxInFlight, RetryPolicy retry, Duration toolTimeout, Duration backpressureWait) {
        flow = FlowTestDriver.newBuilder(FLOW, ctx -> Coordinator.newBuilder(FLOW)
                        .capabilities(Capability.READ).retryPolicy(retry).toolTimeout(toolTimeout)
                        .step(Steps.fetch("work", "work", p -> Map.of("item", p.get("item")), "item"))
                        .build(ctx))
                .context(OrchestratorContext.newBuilder().tools(InMemoryToolContainer.of(tool)).build())
                .maxInFlight(maxInFlight)
                .backpressureMaxWait(backpressureWait)
                .build();
        drain = flow.drain();
    }

    private void startDefault() {
        start(100, RetryPolicy.noRetries(), Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        if (flow != null) {
            flow.close();
        }
    }

    private void send(String key, String runId) {
        flow.send(key, runId, "item", runId);
    }

    /** Lets the task's wall-clock punctuation forward finished runs and start due retries. */
    private List<KeyValue<String, Envelope>> tick(Duration by) {
        return flow.tickAndRead(by);
    }

    private static List<String> runIds(List<KeyValue<String, Envelope>> out) {
        return out.stream().map(kv -> kv.value.runId()).toList();
    }

    @Test
    void shouldRunRequestsWithDifferentKeysConcurrently() {
        startDefault();
        send("a", "r1");
        send("b", "r2");
        send("c", "r3");

        assertThat(tool.startedRunIds()).containsExactly("r1", "r2", "r3");
        assertThat(tick(Duration.ofMillis(10))).isEmpty();
    }

    @Test
    void shouldAnswerRequestsWithTheSameKeyInArrivalOrder() {
        startDefault();
        send("k", "first");
        send("k", "second");
        assertThat(tool.startedRunIds()).as("the second waits for the first").containsExactly("first");

        tool.answer("first");
        assertThat(runIds(tick(Duration.ofMillis(10)))).containsExactly("first");
        assertThat(tool.startedRunIds()).containsExactly("first", "second");

        tool.answer("second");
        assertThat(runIds(tick(Duration.ofMillis(10)))).containsExactly("second");
    }

    @Test
    void shouldNotLetASlowKeyDelayOtherKeys() {
        startDefault();
        send("slow", "s1");
        send("fast", "f1");
        send("fast", "f2");

        tool.answer("f1");
        tick(Duration.ofMillis(10));
        tool.answer("f2");

        assertThat(runIds(tick(Duration.ofMillis(10)))).containsExactly("f2");
        assertThat(tool.startedRunIds()).containsExactly("s1", "f1", "f2");
        tool.answer("s1");
        assertThat(runIds(tick(Duration.ofMillis(10)))).containsExactly("s1");
    }

    @Test
    void shouldParkALongRetryDurablyWithoutBlockingOtherKeysAndRetryWhenDue() {
        RetryPolicy tenSeconds = RetryPolicy.newBuilder().maxAttempts(3).initialDelay(Duration.ofSeconds(10))
                .maxDelay(Duration.ofSeconds(10)).jitter(0).build();
        start(100, tenSeconds, Duration.ofSeconds(30), Duration.ofSeconds(5));
        send("k", "flaky");
        send("k", "behind-flaky");
        send("other", "independent");

        tool.failTransiently("flaky");
        tool.answer("independent");
        assertThat(runIds(tick(Duration.ofMillis(10)))).as("other keys go on").containsExactly("independent");
        var store = flow.pendingStore();
        assertThat(((PendingRequest) store.get(0L)).notBeforeMs()).as("parked in the changelogged store").isPositive();
        assertThat(((PendingRequest) store.get(0L)).spent()).containsEntry("work/work", 1);

        assertThat(tick(Duration.ofSeconds(5))).isEmpty();
        assertThat(tool.calls()).filteredOn(c -> c.runId().equals("flaky")).hasSize(1);
        tick(Duration.ofSeconds(6));
        assertThat(tool.calls()).filteredOn(c -> c.runId().equals("flaky")).extracting(c -> c.attempt()).containsExactly(1, 2);

        tool.answer("flaky");
        List<KeyValue<String, Envelope>> out = tick(Duration.ofMillis(10));
        assertThat(runIds(out)).containsExactly("flaky");
        assertThat(out.get(0).value.metadata().attempts()).isEqualTo(2);
        assertThat(tool.startedRunIds()).endsWith("behind-flaky");
    }

    @Test
    void shouldFailARunWhoseToolNeverAnswersAfterItsTimeouts() {
        RetryPolicy twice = RetryPolicy.newBuilder().maxAttempts(2).initialDelay(Duration.ofMillis(5))
                .maxDelay(Duration.ofMillis(5)).jitter(0).build();
        start(100, twice, Duration.ofMillis(50), Duration.ofSeconds(5));
        send("k", "hangs");

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            flow.driver().advanceWallClockTime(Duration.ofMillis(5));
            return !flow.results().isEmpty();
        });
        Envelope envelope = flow.results().readValue();
        assertThat(envelope.status()).isEqualTo(RunStatus.FAILED);
        assertThat(envelope.metadata().error().type()).isEqualTo("ToolTimeout");
        assertThat(tool.calls()).extracting(c -> c.attempt()).containsExactly(1, 2);
    }

    @Test
    void shouldAnswerAPoisonRequestWithAFailedEnvelopeAndGoOnWithItsKey() {
        startDefault();
        send("k", "poison");
        send("k", "next");

        tool.failPermanently("poison");
        Envelope failed = tick(Duration.ofMillis(10)).get(0).value;
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.metadata().error().failureClass().wireName()).isEqualTo("permanent");

        tool.answer("next");
        assertThat(runIds(tick(Duration.ofMillis(10)))).containsExactly("next");
        var store = flow.pendingStore();
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void shouldQueueAdmittedRequestsForAFreeRunSlotWhenTheTaskRunsItsLimit() {
        start(2, RetryPolicy.noRetries(), Duration.ofSeconds(30), Duration.ofSeconds(10));
        send("a", "r1");
        send("b", "r2");
        send("c", "r3");
        assertThat(tool.startedRunIds()).as("two run, the third waits admitted").containsExactly("r1", "r2");
        assertThat(flow.pendingStore().approximateNumEntries()).isEqualTo(3);

        tool.answer("r1");
        assertThat(runIds(tick(Duration.ofMillis(10)))).containsExactly("r1");

        assertThat(tool.events()).containsSubsequence("done:r1", "start:r3");
    }

    @Test
    void shouldWaitForAFinishedRunWhenTwiceTheLimitIsAdmitted() {
        start(1, RetryPolicy.noRetries(), Duration.ofSeconds(30), Duration.ofSeconds(10));
        send("a", "r1");
        send("b", "r2");
        CompletableFuture.runAsync(() -> tool.answer("r1"), CompletableFuture.delayedExecutor(200, java.util.concurrent.TimeUnit.MILLISECONDS));

        send("c", "r3");

        assertThat(tool.events()).as("the third was admitted only after a run finished").containsSubsequence("done:r1", "start:r2");
        assertThat(runIds(flow.results().readKeyValuesToList())).as("the finished run was answered while waiting").containsExactly("r1");
    }

    @Test
    void shouldAdmitAnywayWhenTheBackpressureWaitRunsOutRatherThanStallThePoll() {
        start(1, RetryPolicy.noRetries(), Duration.ofSeconds(30), Duration.ofMillis(50));
        send("a", "r1");
        send("b", "r2");
        send("c", "r3");

        assertThat(tool.startedRunIds()).containsExactly("r1");
        assertThat(flow.pendingStore().approximateNumEntries()).as("all admitted, none lost").isEqualTo(3);
    }

    @Test
    void shouldFinishRunningRequestsButStartNoNewOnesWhileDrainingForShutdown() {
        startDefault();
        send("a", "running");
        drain.begin();
        send("b", "arrived-while-draining");

        assertThat(tool.startedRunIds()).containsExactly("running");
        assertThat(drain.running()).isEqualTo(1);
        tool.answer("running");
        assertThat(runIds(tick(Duration.ofMillis(10)))).containsExactly("running");
        assertThat(drain.awaitIdle(Duration.ZERO)).isTrue();
        var store = flow.pendingStore();
        assertThat(((PendingRequest) store.get(1L)).runId()).as("kept for the next owner").isEqualTo("arrived-while-draining");
    }

    @Test
    void shouldDeadLetterARequestWhoseOrchestratorBreaksAndGoOnWithTheNext() {
        flow = FlowTestDriver.newBuilder(FLOW, ctx -> new BrokenOrchestrator()).build();

        flow.send("k", "doomed", "item", "boom");
        flow.send("k", "fine", "item", "ok");

        var deadLetter = flow.deadLetters().readRecord();
        assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).contains("doomed").contains("boom");
        assertThat(Headers.lastValue(deadLetter.headers(), Headers.DLQ_REASON))
                .contains("orchestrator bug");
        assertThat(runIds(flow.results().readKeyValuesToList())).containsExactly("fine");
    }

    /** An orchestrator that violates its contract for one payload by throwing instead of answering. */
    private static final class BrokenOrchestrator implements Orchestrator {
        @Override
        public String name() {
            return FLOW;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public String kind() {
            return "broken";
        }

        @Override
        public Description describe() {
            return new Description(FLOW, kind(), Set.of(), Set.of(), false, false, List.of());
        }

        @Override
        public void validatePayload(Payload payload) {
        }

        @Override
        public Envelope run(Payload payload) {
            return execute(payload, ExecutionOptions.defaults()).toCompletableFuture().join();
        }

        @Override
        public CompletionStage<RunOutcome> attempt(Payload payload, ExecutionOptions options) {
            if ("boom".equals(payload.get("item"))) {
                throw new IllegalStateException("orchestrator bug");
            }
            var now = Instant.now();
            return CompletableFuture.completedFuture(new RunOutcome.Answered(new Envelope(new Metadata(payload.runId(),
                    FLOW, FLOW, RunStatus.OK, false, false, null, null, 1, now, now, List.of()), List.of())));
        }

        @Override
        public String runAsync(Payload payload) {
            throw new UnsupportedOperationException("not queued in this test");
        }
    }
}
