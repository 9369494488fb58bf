package dev.orchestrators.core.kinds.validator;

import static dev.orchestrators.core.tool.Capability.READ;
import static dev.orchestrators.core.tool.Capability.SEND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.envelope.StepRun;
import dev.orchestrators.core.envelope.StepRun.StepStatus;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.flow.FlowCheck;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.kinds.delivery.DeliveryOrchestrator;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A validator as a step: it lets validated records through unchanged, or stops everything after it. */
class ValidatorInCoordinatorTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final FakeTool crm = FakeTool.returning("crm", READ, Map.of("lead_id", "L-1", "name", "Ada"));
    private final FakeTool risk = FakeTool.answering("risk_service", READ, call -> Map.of("score", call.argument("score")));
    private final FakeTool mailer = FakeTool.answering("send_email", SEND, call -> Map.of("delivery_id", "d-1"));
    private final OrchestratorContext context = OrchestratorContext.newBuilder()
            .tools(InMemoryToolContainer.of(crm, risk, mailer))
            .clock(Clock.fixed(T0, ZoneOffset.UTC))
            .delays(new RecordingDelays())
            .auditStore(audit)
            .deliveryGate(DeliveryGate.open())
            .build();

    private Coordinator leadSync() {
        Validator screening = Validator.newBuilder("screening")
                .maxScore("risk_score", "risk_service", p -> Map.of("score", p.get("score")), "score", 0.8)
                .build(context);
        DeliveryOrchestrator delivery = DeliveryOrchestrator.newBuilder("send_email").requireValidatedInput().build(context);
        return Coordinator.newBuilder("lead_sync").capabilities(READ)
                .step(Steps.fetch("fetch_lead", "crm", p -> Map.of(), "lead_id"))
                .step(screening)
                .step(delivery)
                .build(context);
    }

    @Test
    void shouldStopTheFlowSoThatNoLaterStepIsCalledWhenTheValidatorBlocks() {
        // given
        Coordinator flow = leadSync();

        // when
        Envelope envelope = flow.run(new Payload("run-1", Map.of("score", 0.93)));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.BLOCKED).hasRecordKeys("L-1")
                .hasStepsInOrder("fetch_lead", "screening");
        assertThat(envelope.metadata().blocked()).isTrue();
        assertThat(envelope.metadata().reason()).isEqualTo("blocked by rule 'risk_score': score 0.93 > 0.80");
        assertThat(envelope.metadata().steps()).extracting(StepRun::name, StepRun::orchestrator, StepRun::status)
                .containsExactly(tuple("fetch_lead", "lead_sync", StepStatus.OK), tuple("screening", "screening", StepStatus.HALTED));
        assertThat(mailer.calls()).isEmpty();
    }

    @Test
    void shouldPassTheRecordsBeforeItOnUnchangedWhenEveryRulePasses() {
        // given
        Coordinator flow = leadSync();

        // when
        Envelope envelope = flow.run(new Payload("run-2", Map.of("score", 0.2)));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("L-1")
                .hasStepsInOrder("fetch_lead", "screening", "delivery")
                .everyRecordLastTouchedBy("delivery", "delivery", "delivered");
        assertThat(envelope.records().get(0).provenance()).extracting(p -> p.action()).containsExactly("produced", "delivered");
        assertThat(risk.calls()).singleElement().satisfies(call -> {
            assertThat(call.orchestrator()).isEqualTo("screening");
            assertThat(call.step()).isEqualTo("screening");
        });
        assertThat(mailer.calls()).hasSize(1);
    }

    @Test
    void shouldLetAFlowWhoseSideEffectsNeedValidatedInputStartOnlyWithTheValidatorInFront() {
        // given the same delivery with and without the validator before it
        DeliveryOrchestrator delivery = DeliveryOrchestrator.newBuilder("send_email").requireValidatedInput().build(context);
        Coordinator unguarded = Coordinator.newBuilder("lead_sync").capabilities(READ)
                .step(Steps.fetch("fetch_lead", "crm", p -> Map.of(), "lead_id")).step(delivery).build(context);
        Flow flow = Flow.of("lead_sync", ctx -> leadSync());

        // then
        assertThatCode(() -> FlowCheck.check(flow, leadSync().describe(), context.tools())).doesNotThrowAnyException();
        assertThatThrownBy(() -> FlowCheck.check(flow, unguarded.describe(), context.tools()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("no Validator runs before it");
    }
}
