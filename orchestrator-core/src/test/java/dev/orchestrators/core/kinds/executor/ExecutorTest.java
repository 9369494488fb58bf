package dev.orchestrators.core.kinds.executor;

import static dev.orchestrators.core.tool.Capability.READ;
import static dev.orchestrators.core.tool.Capability.SEND;
import static dev.orchestrators.core.tool.Capability.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.ledger.InMemorySideEffectLedger;
import dev.orchestrators.core.ledger.SideEffect;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tool;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** One side effect per run: once-only, gated, audited, reversible. */
class ExecutorTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Payload PAYLOAD = new Payload("run-1", Map.of("email", "ada@example.com"));

    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final InMemorySideEffectLedger ledger = new InMemorySideEffectLedger();
    private final RecordingDelays delays = new RecordingDelays();
    private final FakeTool crmCreate = FakeTool.answering("crm_create", WRITE, call -> {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", "crm-" + call.argument("email"));
        answer.put("tool", "OVERWRITTEN?");
        answer.put("created", true);
        return answer;
    });
    private final FakeTool mailer = FakeTool.returning("send_email", SEND, Map.of("message_id", "msg-1"));

    private OrchestratorContext context(Tool tool, DeliveryGate gate) {
        return OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(tool))
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .delays(delays)
                .random(() -> 0.5)
                .auditStore(audit)
                .sideEffects(ledger)
                .deliveryGate(gate)
                .build();
    }

    private Executor crmExecutor() {
        return Executor.newBuilder("crm_create").compensator("crm_delete").build(context(crmCreate, DeliveryGate.closed()));
    }

    private List<AuditRecord> sideEffectAudit() {
        return audit.records().stream().filter(r -> r.kind() == AuditKind.SIDE_EFFECT).toList();
    }

    @Test
    void shouldPerformTheSideEffectAndReportItsIdToolAndCompensator() {
        // when
        Envelope envelope = crmExecutor().run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("crm_create")
                .everyRecordLastTouchedBy("crm_create", "crm_create", "performed");
        EnvelopeRecord record = envelope.records().get(0);
        assertThat(record.fields()).containsExactly(Map.entry("side_effect_id", "crm-ada@example.com"),
                Map.entry("tool", "crm_create"), Map.entry("compensator", "crm_delete"),
                Map.entry("id", "crm-ada@example.com"), Map.entry("created", true));
        assertThat(record.provenance()).containsExactly(
                new Provenance("crm_create", "crm_create", "crm_create", "performed", "run-1", T0, 1));
        assertThat(ledger.find("run-1:crm_create")).get().extracting(SideEffect::id, SideEffect::tool)
                .containsExactly("crm-ada@example.com", "crm_create");
    }

    @Test
    void shouldCallTheToolWithThePayloadFieldsAndTheIdempotencyKey() {
        // when
        crmExecutor().run(PAYLOAD);

        // then
        assertThat(crmCreate.calls()).singleElement().satisfies(call -> {
            assertThat(call.arguments()).containsExactly(Map.entry("email", "ada@example.com"),
                    Map.entry("idempotency_key", "run-1:crm_create"));
            assertThat(call.orchestrator()).isEqualTo("crm_create");
        });
        assertThat(Executor.sideEffectKey("run-1", "crm_create")).isEqualTo("run-1:crm_create");
    }

    @Test
    void shouldBuildTheArgumentsWithTheGivenMappingUnderItsOwnName() {
        // given
        Executor executor = Executor.newBuilder("crm_create").name("create_lead")
                .arguments((payload, records) -> Map.of("email", payload.get("email"), "seen", records.size()))
                .build(context(crmCreate, DeliveryGate.closed()));

        // when
        Envelope envelope = executor.run(PAYLOAD);

        // then
        assertThat(crmCreate.calls().get(0).arguments()).isEqualTo(Map.of("email", "ada@example.com",
                "seen", 0, "idempotency_key", "run-1:create_lead"));
        EnvelopeAssert.assertThat(envelope).hasRecordKeys("create_lead");
        assertThat(envelope.records().get(0).fields()).doesNotContainKey("compensator");
    }

    @Test
    void shouldPerformOnceWhenTheSameRunIsExecutedTwice() {
        // given
        Executor executor = crmExecutor();
        Envelope first = executor.run(PAYLOAD);

        // when
        Envelope second = executor.run(PAYLOAD);

        // then
        assertThat(crmCreate.callCount()).isEqualTo(1);
        EnvelopeAssert.assertThat(second).hasStatus(RunStatus.OK).hasRecordKeys("crm_create")
                .everyRecordLastTouchedBy("crm_create", "crm_create", "performed_earlier");
        assertThat(second.records().get(0).field("side_effect_id")).isEqualTo(first.records().get(0).field("side_effect_id"));
        assertThat(second.records().get(0).fields()).containsOnlyKeys("side_effect_id", "tool", "compensator");
    }

    @Test
    void shouldFailAndReleaseTheClaimWhenTheToolRejectsTheCallSoALaterRunPerformsIt() {
        // given
        crmCreate.failPermanently();
        Executor executor = crmExecutor();
        Envelope failed = executor.run(PAYLOAD);

        // when
        Envelope retried = executor.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(failed).failedWith(FailureClass.PERMANENT, "BadRequest", "crm_create");
        assertThat(failed.records()).isEmpty();
        EnvelopeAssert.assertThat(retried).hasStatus(RunStatus.OK).everyRecordLastTouchedBy("crm_create", "crm_create", "performed");
        assertThat(crmCreate.callCount()).isEqualTo(2);
        assertThat(sideEffectAudit()).extracting(r -> r.details().get("outcome")).containsExactly("failed", "performed");
        assertThat(sideEffectAudit().get(0).subject()).as("a failure is audited under its idempotency key").isEqualTo("run-1:crm_create");
        assertThat(sideEffectAudit().get(0).details().get("error")).isEqualTo(Map.of("class", "permanent", "type", "BadRequest",
                "message", "fake crm_create rejected the call"));
    }

    @Test
    void shouldFailTransientlyAfterTheLastAttemptAndReleaseTheClaim() {
        // given three transient failures for a policy of three attempts
        crmCreate.failTransiently(3);

        // when
        Envelope envelope = crmExecutor().run(PAYLOAD);

        // then
        assertThat(envelope.status()).isEqualTo(RunStatus.FAILED);
        assertThat(envelope.metadata().error().failureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(envelope.metadata().error().retryable()).isTrue();
        assertThat(crmCreate.callCount()).isEqualTo(3);
        assertThat(delays.delays()).hasSize(2);
        assertThat(ledger.claim("run-1", "run-1:crm_create").state()).isEqualTo(
                dev.orchestrators.core.ledger.SideEffectLedger.Claim.State.GRANTED);
    }

    @Test
    void shouldFailPermanentlyWithMissingSideEffectIdWhenTheAnswerLacksTheIdField() {
        // given
        Executor executor = Executor.newBuilder("crm_create").idField("record_id").build(context(crmCreate, DeliveryGate.closed()));

        // when
        Envelope envelope = executor.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "MissingSideEffectId", "crm_create");
        assertThat(ledger.recorded()).isEmpty();
        assertThat(sideEffectAudit()).isEmpty();
    }

    @Test
    void shouldReadTheSideEffectIdFromTheConfiguredField() {
        // given
        Executor executor = Executor.newBuilder("send_email").capabilities(SEND).idField("message_id")
                .build(context(mailer, DeliveryGate.open()));

        // when
        Envelope envelope = executor.run(PAYLOAD);

        // then
        assertThat(executor.idField()).isEqualTo("message_id");
        assertThat(envelope.records().get(0).field("side_effect_id")).isEqualTo("msg-1");
    }

    @Test
    void shouldPerformNothingAndEndDisabledWhenASendExecutorFindsTheGateClosed() {
        // given
        Executor executor = Executor.newBuilder("send_email").capabilities(SEND).idField("message_id")
                .build(context(mailer, DeliveryGate.closed()));

        // when
        Envelope envelope = executor.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.DISABLED).hasRecordKeys();
        assertThat(envelope.metadata().reason()).isEqualTo(Executor.DISABLED_REASON);
        assertThat(mailer.calls()).isEmpty();
        assertThat(ledger.recorded()).isEmpty();
        assertThat(sideEffectAudit()).singleElement().satisfies(r -> assertThat(r.details())
                .containsEntry("outcome", "disabled").containsEntry("idempotency_key", "run-1:send_email")
                .doesNotContainKey("side_effect_id"));
    }

    @Test
    void shouldIgnoreTheGateForAWriteToolUnlessToldToObeyIt() {
        // given a closed gate
        OrchestratorContext closed = context(crmCreate, DeliveryGate.closed());

        // when
        Envelope ungated = Executor.newBuilder("crm_create").build(closed).run(PAYLOAD);
        Envelope gated = Executor.newBuilder("crm_create").name("gated_create").gated(true).build(closed).run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(ungated).hasStatus(RunStatus.OK);
        EnvelopeAssert.assertThat(gated).hasStatus(RunStatus.DISABLED);
        assertThat(crmCreate.callCount()).isEqualTo(1);
    }

    @Test
    void shouldAuditEveryOutcomeAsASideEffectEntryWithWhatTheToolAnswered() {
        // given
        Executor executor = crmExecutor();

        // when
        executor.run(PAYLOAD);
        executor.run(PAYLOAD);

        // then
        assertThat(sideEffectAudit()).hasSize(2).allSatisfy(r -> {
            assertThat(r.orchestrator()).isEqualTo("crm_create");
            assertThat(r.subject()).isEqualTo("crm_create");
            assertThat(r.runId()).isEqualTo("run-1");
        });
        assertThat(sideEffectAudit()).extracting(AuditRecord::details).containsExactly(
                Map.of("idempotency_key", "run-1:crm_create", "side_effect_id", "crm-ada@example.com",
                        "tool", "crm_create", "compensator", "crm_delete", "outcome", "performed",
                        "result", Map.of("id", "crm-ada@example.com", "tool", "OVERWRITTEN?", "created", true)),
                Map.of("idempotency_key", "run-1:crm_create", "side_effect_id", "crm-ada@example.com",
                        "tool", "crm_create", "compensator", "crm_delete", "outcome", "repeated"));
    }

    @Test
    void shouldBuildTheCompensatorArgumentsFromTheRecordedSideEffect() {
        // given
        SideEffect effect = new SideEffect("run-1:crm_create", "crm-42", "crm_create", T0);
        CompensationInput input = new CompensationInput("run-1", effect, PAYLOAD);
        Executor byDefault = crmExecutor();
        Executor custom = Executor.newBuilder("crm_create")
                .compensator("crm_archive", in -> Map.of("record", in.effect().id(), "reason", "rollback of " + in.runId()))
                .build(context(crmCreate, DeliveryGate.closed()));

        // then
        assertThat(byDefault.compensatorTool()).contains("crm_delete");
        assertThat(byDefault.compensationArguments(input)).containsExactly(Map.entry("id", "crm-42"));
        assertThat(custom.compensatorTool()).contains("crm_archive");
        assertThat(custom.compensationArguments(input)).isEqualTo(Map.of("record", "crm-42", "reason", "rollback of run-1"));
        assertThat(Executor.compensationKey("run-1", "crm_create")).isEqualTo("run-1:crm_create:compensate");
        assertThat(Executor.newBuilder("crm_create").build(context(crmCreate, DeliveryGate.closed())).compensatorTool())
                .isEqualTo(Optional.empty());
    }

    @Test
    void shouldAddItsRecordAfterTheRecordsSoFarWhenItRunsAsAStep() {
        // given a coordinator whose first step produces one record
        OrchestratorContext context = context(crmCreate, DeliveryGate.closed());
        Executor executor = Executor.newBuilder("crm_create")
                .arguments((payload, records) -> Map.of("email", records.get(0).field("email")))
                .build(context);
        Coordinator flow = Coordinator.newBuilder("lead_sync").capabilities(READ)
                .step(Steps.of("load", (step, records) -> CompletableFuture.completedFuture(StepOutcome.proceed(List.of(
                        EnvelopeRecord.of("L-1", Map.of("email", "grace@example.com"), step.provenance(null, "produced", 1)))))))
                .step(executor)
                .build(context);

        // when
        Envelope envelope = flow.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("L-1", "crm_create")
                .hasStepsInOrder("load", "crm_create");
        assertThat(envelope.records().get(1).field("side_effect_id")).isEqualTo("crm-grace@example.com");
        assertThat(envelope.records().get(1).provenance().get(0).orchestrator()).isEqualTo("crm_create");
    }

    @Test
    void shouldDescribeItselfWithItsToolAndCompensator() {
        // when
        var description = crmExecutor().describe();

        // then
        assertThat(description.kind()).isEqualTo(Executor.KIND);
        assertThat(description.tools()).containsExactly("crm_create", "crm_delete");
        assertThat(description.capabilities()).containsExactly(WRITE);
        assertThat(description.sideEffecting()).isTrue();
    }
}
