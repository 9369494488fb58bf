package dev.orchestrators.streams.internals.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tools;
import dev.orchestrators.streams.config.RequestLimits;
import dev.orchestrators.testkit.FlowTestDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A flow's runtime meters on its real topology: runs in flight, requests pending and retries parked follow the
 * engine; envelopes are counted by status and dead letters by reason; the orchestrators' meters land in the same
 * registry. Tool calls stay open until the test answers them, so every gauge reading is of a state the test chose.
 */
class FlowMetersTopologyTest {
    private static final String FLOW = "probe";
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatedTool tool = new GatedTool();
    private FlowTestDriver flow;

    private void start(RetryPolicy retry) {
        flow = FlowTestDriver.newBuilder(FLOW, ctx -> Coordinator.newBuilder(FLOW)
                        .capabilities(Capability.READ).retryPolicy(retry)
                        .step(Steps.fetch("work", "work", p -> Map.of("item", p.get("item")), "item"))
                        .build(ctx))
                .context(OrchestratorContext.newBuilder().tools(InMemoryToolContainer.of(tool)).build())
                .meterRegistry(registry)
                .build();
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

    private double gauge(String name) {
        return registry.get(name).tags("flow", FLOW).gauge().value();
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags("flow", FLOW).tags(tags).counter().count();
    }

    @Test
    void shouldShowRunsInFlightAndRequestsPendingUntilTheyAreAnswered() {
        // given
        start(RetryPolicy.noRetries());

        // when: two requests of one key (the second waits in its lane) and one of another
        send("a", "r1");
        send("a", "r2");
        send("b", "r3");

        // then
        assertThat(gauge("orchestrator.runs.in.flight")).isEqualTo(2.0);
        assertThat(gauge("orchestrator.requests.pending")).isEqualTo(3.0);

        // when the first of key a is answered, the second starts
        tool.answer("r1");
        flow.tick(Duration.ofMillis(10));

        // then
        assertThat(gauge("orchestrator.runs.in.flight")).isEqualTo(2.0);
        assertThat(gauge("orchestrator.requests.pending")).isEqualTo(2.0);
        assertThat(counter("orchestrator.envelopes", "status", "OK")).isEqualTo(1.0);

        // when the rest are answered
        tool.answer("r2");
        tool.answer("r3");
        flow.tick(Duration.ofMillis(10));

        // then
        assertThat(gauge("orchestrator.runs.in.flight")).isZero();
        assertThat(gauge("orchestrator.requests.pending")).isZero();
        assertThat(counter("orchestrator.envelopes", "status", "OK")).isEqualTo(3.0);
    }

    @Test
    void shouldShowARetryParkedUntilItIsDue() {
        // given: a back-off of 10 s, longer than the 1 s a run may wait in memory
        start(RetryPolicy.newBuilder().maxAttempts(2).initialDelay(Duration.ofSeconds(10)).maxDelay(Duration.ofSeconds(10))
                .jitter(0).build());
        send("k", "flaky");

        // when
        tool.failTransiently("flaky");
        flow.tick(Duration.ofMillis(10));

        // then
        assertThat(gauge("orchestrator.retries.parked")).isEqualTo(1.0);
        assertThat(gauge("orchestrator.runs.in.flight")).isZero();
        assertThat(gauge("orchestrator.requests.pending")).isEqualTo(1.0);
        assertThat(registry.get("orchestrator.tool.retries").tags("tool", "work", "backoff", "parked").counter().count())
                .isEqualTo(1.0);

        // when the back-off has passed
        flow.tick(Duration.ofSeconds(11));

        // then
        assertThat(gauge("orchestrator.retries.parked")).isZero();
        assertThat(gauge("orchestrator.runs.in.flight")).isEqualTo(1.0);
        tool.answer("flaky");
        flow.tick(Duration.ofMillis(10));
        assertThat(gauge("orchestrator.requests.pending")).isZero();
    }

    @Test
    void shouldRecordTheOrchestratorsMetersInTheSameRegistry() {
        // given
        start(RetryPolicy.noRetries());

        // when
        send("k", "r1");
        tool.answer("r1");
        flow.tick(Duration.ofMillis(10));

        // then
        assertThat(registry.get("orchestrator.runs").tags("flow", FLOW, "orchestrator", FLOW, "status", "OK").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("orchestrator.steps").tags("step", "work", "status", "OK").timer().count()).isEqualTo(1);
        assertThat(registry.get("orchestrator.tool.calls").tags("tool", "work", "outcome", "ok").timer().count()).isEqualTo(1);
        assertThat(registry.get("orchestrator.tool.calls.in.flight").tags("tool", "work").gauge().value()).isZero();
    }

    @Test
    void shouldCountDeadLettersByReason() {
        // given: an echo flow answering with as many records as asked, at most 3 per envelope, 4 headers per request
        Flow echo = Flow.newBuilder(FLOW).tools(InMemoryToolContainer.of(Tools.inMemory("echo", Capability.READ, call -> {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (int i = 0; i < ((Number) call.arguments().get("count")).intValue(); i++) {
                        rows.add(Map.of("id", "r" + i));
                    }
                    return Map.of("records", rows);
                })))
                .orchestrator(ctx -> Coordinator.newBuilder(FLOW).capabilities(Capability.READ)
                        .step(Steps.fetch("echo", "echo", p -> p.data(), "id")).build(ctx))
                .build();
        flow = FlowTestDriver.newBuilder(echo).meterRegistry(registry)
                .limits(new RequestLimits(2_000, 64, 32, 4, 256, 8, 3, 5_000)).build();
        var raw = flow.driver().createInputTopic(FLOW + ".requests", new ByteArraySerializer(), new ByteArraySerializer());
        RecordHeaders tooMany = new RecordHeaders();
        for (int i = 0; i < 5; i++) {
            tooMany.add("h" + i, new byte[] {1});
        }

        // when: one unreadable request, one refused for its headers, one whose envelope is over the limit, one fine
        raw.pipeInput(new TestRecord<>(bytes("k"), bytes("{not json"), new RecordHeaders(), (Instant) null));
        raw.pipeInput(new TestRecord<>(bytes("k"), bytes("{\"payload\":{\"count\":1}}"), tooMany, (Instant) null));
        flow.send("k", "{\"run_id\":\"many\",\"payload\":{\"count\":5}}");
        flow.send("k", "{\"run_id\":\"fine\",\"payload\":{\"count\":1}}");

        // then
        assertThat(flow.deadLetters().readRecordsToList()).hasSize(3);
        assertThat(counter("orchestrator.dead.letters", "reason", "unreadable")).isEqualTo(1.0);
        assertThat(counter("orchestrator.dead.letters", "reason", "refused")).isEqualTo(1.0);
        assertThat(counter("orchestrator.dead.letters", "reason", "unanswered")).isEqualTo(1.0);
        assertThat(counter("orchestrator.dead.letters", "reason", "output_rejected")).isZero();
        assertThat(counter("orchestrator.envelopes", "status", "OK")).isEqualTo(1.0);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
