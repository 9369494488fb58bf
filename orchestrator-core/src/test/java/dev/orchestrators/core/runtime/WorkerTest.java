package dev.orchestrators.core.runtime;

import static dev.orchestrators.core.tool.Capability.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.UnknownNameException;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.queue.InMemoryQueue;
import dev.orchestrators.core.queue.Job;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Takes jobs off the queue and runs them with the registry's orchestrator for their flow. */
class WorkerTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final InMemoryQueue queue = new InMemoryQueue();
    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final FakeTool crm = FakeTool.answering("crm", READ, call -> Map.of("lead_id", call.requireString("lead_id")));
    private final OrchestratorContext context = OrchestratorContext.newBuilder()
            .tools(InMemoryToolContainer.of(crm)).clock(Clock.fixed(T0, ZoneOffset.UTC)).auditStore(audit).build();
    private final AtomicInteger created = new AtomicInteger();

    private Registry registry() {
        return Registry.newBuilder()
                .register("campaign_a", ctx -> {
                    created.incrementAndGet();
                    return Coordinator.newBuilder("lead_fetch").capabilities(READ)
                            .step(Steps.fetch("fetch", "crm", p -> Map.of("lead_id", p.get("lead_id")), "lead_id"))
                            .build(ctx);
                })
                .register("campaign_b", ctx -> {
                    throw new AssertionError("campaign_b is never run in these tests");
                })
                .build();
    }

    private void enqueue(String flow, String runId, String leadId) {
        queue.enqueue(new Job(flow, new Payload(runId, Map.of("lead_id", leadId)), T0));
    }

    @Test
    void shouldDoNothingWhenTheQueueIsEmpty() {
        // given
        Worker worker = new Worker(registry(), queue, context);

        // when / then
        assertThat(worker.runOnce()).isEmpty();
        assertThat(created).hasValue(0);
    }

    @Test
    void shouldRunTheOldestJobUnderItsFlowAndAuditTheEnvelope() {
        // given
        enqueue("campaign_a", "run-1", "L-1");
        enqueue("campaign_a", "run-2", "L-2");
        Worker worker = new Worker(registry(), queue, context);

        // when
        Optional<Envelope> envelope = worker.runOnce();

        // then
        assertThat(envelope).get().satisfies(e -> {
            assertThat(e.runId()).isEqualTo("run-1");
            assertThat(e.status()).isEqualTo(RunStatus.OK);
            assertThat(e.metadata().flow()).isEqualTo("campaign_a");
            assertThat(e.metadata().orchestrator()).isEqualTo("lead_fetch");
        });
        assertThat(queue.size()).isEqualTo(1);
        assertThat(audit.forRun("run-1")).singleElement().extracting(r -> r.envelope()).isEqualTo(envelope.get());
    }

    @Test
    void shouldCreateEachFlowsOrchestratorOnceAndReuseIt() {
        // given
        enqueue("campaign_a", "run-1", "L-1");
        enqueue("campaign_a", "run-2", "L-2");
        enqueue("campaign_a", "run-3", "L-3");
        Worker worker = new Worker(registry(), queue, context);

        // when
        int ran = worker.drain();

        // then
        assertThat(ran).isEqualTo(3);
        assertThat(created).hasValue(1);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(audit.envelopes()).extracting(r -> r.runId()).containsExactly("run-1", "run-2", "run-3");
    }

    @Test
    void shouldRejectAJobForAnUnknownFlowListingTheKnownFlows() {
        // given
        enqueue("campaign_c", "run-1", "L-1");
        Worker worker = new Worker(registry(), queue, context);

        // when / then
        assertThatThrownBy(worker::runOnce)
                .isInstanceOf(UnknownNameException.class)
                .hasMessage("unknown flow 'campaign_c'; known flows: [campaign_a, campaign_b]");
        assertThat(crm.calls()).isEmpty();
    }
}
