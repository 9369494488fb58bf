package dev.orchestrators.core.replay;

import static dev.orchestrators.core.tool.Capability.READ;
import static dev.orchestrators.core.tool.Capability.SEND;
import static dev.orchestrators.core.tool.Capability.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.kinds.delivery.DeliveryOrchestrator;
import dev.orchestrators.core.kinds.executor.Executor;
import dev.orchestrators.core.kinds.saga.Saga;
import dev.orchestrators.core.ledger.InMemorySideEffectLedger;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Replays re-run recorded requests with the flow as it is now and never act on the world. */
class ReplayerTest {
    private static final Payload LEAD = new Payload("run-1", Map.of("lead_id", "L-1", "email", "ada@acme.example"));

    private final FakeTool crmRead = FakeTool.answering("crm_read", READ, call -> Map.of("lead_id", call.argument("lead_id"),
            "email", "ada@acme.example", "employees", 40));
    private final FakeTool crmWrite = FakeTool.answering("crm_write", WRITE, call -> Map.of("id", "crm-" + call.argument("lead_id"),
            "created", true));
    private final FakeTool mailer = FakeTool.returning("mailer", SEND, Map.of("delivery_id", "msg-7"));
    private final FakeTool crmNote = FakeTool.returning("crm_note", WRITE, Map.of("id", "note-1"));
    private final InMemoryAuditStore audit = new InMemoryAuditStore();

    /** fetch the lead (READ), write it to the CRM (WRITE), send it (SEND); {@code tier}: how a lead is tiered. */
    private Flow leadSync(int bigFrom, boolean alsoNote) {
        return Flow.newBuilder("lead_sync")
                .tools(InMemoryToolContainer.of(crmRead, crmWrite, mailer, crmNote))
                .orchestrator(ctx -> {
                    Coordinator.Builder b = Coordinator.newBuilder("lead_sync").capabilities(READ)
                            .step(Steps.fetch("fetch", "crm_read", p -> Map.of("lead_id", p.get("lead_id")), "lead_id"))
                            .step(Steps.of("tier", (step, records) -> CompletableFuture.completedFuture(StepOutcome.proceed(
                                    records.stream().map(r -> r.withField("tier",
                                            ((Number) r.field("employees")).intValue() >= bigFrom ? "big" : "small",
                                            step.provenance(null, "tiered", 1))).toList()))))
                            .step(Executor.newBuilder("crm_write").arguments((p, records) -> Map.of("lead_id", p.get("lead_id")))
                                    .retryPolicy(RetryPolicy.newBuilder().maxAttempts(3).initialDelay(Duration.ofMillis(1)).build())
                                    .build(ctx));
                    if (alsoNote) {
                        b.step(Executor.newBuilder("crm_note").build(ctx));
                    }
                    return b.step(DeliveryOrchestrator.newBuilder("mailer").build(ctx)).build(ctx);
                })
                .build();
    }

    private Envelope record(Flow flow, Payload request) {
        OrchestratorContext live = OrchestratorContext.newBuilder()
                .auditStore(audit)
                .sideEffects(new InMemorySideEffectLedger())
                .deliveryGate(DeliveryGate.open())
                .delays(backOff -> CompletableFuture.completedFuture(null))
                .build();
        return flow.create(live).execute(request, ExecutionOptions.forFlow(flow.name())).toCompletableFuture().join();
    }

    private Replayer replayer(Flow... flows) {
        Registry.Builder registry = Registry.newBuilder();
        for (Flow flow : flows) {
            registry.register(flow);
        }
        return new Replayer(registry.build(), OrchestratorContext.newBuilder().build(), Recording.of(audit.records()), true,
                Duration.ofSeconds(10));
    }

    @Test
    void shouldReproduceTheAuditedEnvelopeWithoutCallingAnySideEffectingTool() throws Exception {
        // given
        Envelope recorded = record(leadSync(10, false), LEAD);

        // when
        ReplayResult result = replayer(leadSync(10, false)).replay("lead_sync", "run-1", LEAD.data());

        // then
        assertThat(recorded.status()).isEqualTo(RunStatus.OK);
        assertThat(result.differences()).isEmpty();
        assertThat(result.matches()).isTrue();
        assertThat(result.replayed().records()).first().satisfies(lead -> {
            assertThat(lead.field("tier")).isEqualTo("big");
            assertThat(lead.field("delivery_id")).isEqualTo("msg-7");
        });
        assertThat(crmWrite.callCount()).as("the CRM write ran once, when recorded").isEqualTo(1);
        assertThat(mailer.callCount()).as("both records were sent when recorded, never again").isEqualTo(2);
        assertThat(crmRead.callCount()).as("reads are real").isEqualTo(2);
    }

    @Test
    void shouldNameEveryFieldAChangedFlowAnswersDifferently() throws Exception {
        // given
        record(leadSync(10, false), LEAD);

        // when: big leads now start at 100 employees
        ReplayResult result = replayer(leadSync(100, false)).replay("lead_sync", "run-1", LEAD.data());

        // then
        assertThat(result.matches()).isFalse();
        assertThat(result.differences()).extracting(EnvelopeDiff.Difference::toString)
                .containsExactly("records[0].fields.tier: \"big\" -> \"small\"");
    }

    @Test
    void shouldRefuseAndReportASideEffectTheRecordedRunDidNotPerform() throws Exception {
        // given
        record(leadSync(10, false), LEAD);

        // when: the flow now also writes a note
        ReplayResult result = replayer(leadSync(10, true)).replay("lead_sync", "run-1", LEAD.data());

        // then
        assertThat(crmNote.callCount()).isZero();
        assertThat(result.unrecorded()).containsExactly("crm_note run-1:crm_note");
        assertThat(result.replayed().status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.replayed().metadata().error().type()).isEqualTo(ReplayTools.NOT_IN_RECORDING);
        assertThat(result.differences()).extracting(EnvelopeDiff.Difference::path).contains("metadata.status");
    }

    @Test
    void shouldAnswerARecordedToolFailureAsTheToolAnsweredIt() throws Exception {
        // given
        crmWrite.failPermanently();
        Envelope recorded = record(leadSync(10, false), LEAD);

        // when
        ReplayResult result = replayer(leadSync(10, false)).replay("lead_sync", "run-1", LEAD.data());

        // then
        assertThat(recorded.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.differences()).isEmpty();
        assertThat(result.replayed().metadata().error()).isEqualTo(recorded.metadata().error());
        assertThat(crmWrite.callCount()).isEqualTo(1);
        assertThat(mailer.callCount()).isZero();
    }

    @Test
    void shouldMatchARunWhoseSideEffectSucceededOnlyAfterRetries() throws Exception {
        // given
        crmWrite.failTransiently(2);
        Envelope recorded = record(leadSync(10, false), LEAD);

        // when
        ReplayResult result = replayer(leadSync(10, false)).replay("lead_sync", "run-1", LEAD.data());

        // then: the replay answers at the first attempt; attempts are not compared
        assertThat(recorded.status()).isEqualTo(RunStatus.OK);
        assertThat(result.differences()).isEmpty();
        assertThat(crmWrite.callCount()).isEqualTo(3);
    }

    @Test
    void shouldReplayACompensatedSagaWithoutUndoingAnythingAgain() throws Exception {
        // given
        FakeTool crmDelete = FakeTool.returning("crm_delete", WRITE, Map.of("deleted", true));
        FakeTool mailbox = FakeTool.returning("mailbox_create", WRITE, Map.of("id", "mbx-1")).failPermanently();
        Flow provisioning = Flow.newBuilder("provisioning")
                .tools(InMemoryToolContainer.of(crmWrite, crmDelete, mailbox))
                .orchestrator(ctx -> Saga.newBuilder("provisioning")
                        .step(Executor.newBuilder("crm_write").name("create_record").compensator("crm_delete")
                                .arguments((p, records) -> Map.of("lead_id", p.get("lead_id"))).build(ctx))
                        .step(Executor.newBuilder("mailbox_create").name("create_mailbox").build(ctx))
                        .build(ctx))
                .build();
        Envelope recorded = record(provisioning, LEAD);

        // when
        ReplayResult result = replayer(provisioning).replay("provisioning", "run-1", LEAD.data());

        // then
        assertThat(recorded.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.differences()).isEmpty();
        assertThat(List.of(crmWrite.callCount(), mailbox.callCount(), crmDelete.callCount())).containsExactly(1, 1, 1);
    }

    @Test
    void shouldSayWhenTheAuditHasNoEnvelopeForTheRun() throws Exception {
        // when
        ReplayResult result = replayer(leadSync(10, false)).replay("lead_sync", "never-recorded", LEAD.data());

        // then
        assertThat(result.recorded()).isEmpty();
        assertThat(result.matches()).isFalse();
        assertThat(result.unrecorded()).contains("crm_write never-recorded:crm_write");
        assertThat(crmWrite.callCount()).isZero();
    }
}
