package dev.orchestrators.core.kinds.coordinator;

import static dev.orchestrators.core.tool.Capability.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.ErrorInfo;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.envelope.StepRun.StepStatus;
import dev.orchestrators.core.envelope.StepRun;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.Step;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tool;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How a coordinator fails: the error in the envelope, what is retried, and what gets audited. */
class CoordinatorFailureTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Payload PAYLOAD = new Payload("run-1", Map.of("lead_id", "L-1"));

    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final RecordingDelays delays = new RecordingDelays();
    private final FakeTool crm = FakeTool.returning("crm", READ, Map.of("lead_id", "L-1"));

    private OrchestratorContext.Builder context(Tool... tools) {
        return OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(tools))
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .delays(delays)
                .auditStore(audit)
                .random(() -> 0.5);
    }

    private static Coordinator.Builder fetching() {
        return Coordinator.newBuilder("lead_sync")
                .capabilities(READ)
                .requirePayloadFields("lead_id")
                .step(Steps.fetch("fetch_lead", "crm", payload -> Map.of("lead_id", payload.get("lead_id")), "lead_id"));
    }

    @Test
    void shouldFailTransientlyAfterTheLastAttemptAndAuditTheEnvelope() {
        // given a tool that is down for longer than the three attempts of the default policy
        crm.failTransiently(3);
        Coordinator coordinator = fetching().build(context(crm).build());

        // when
        Envelope envelope = coordinator.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.TRANSIENT, "TransientException", "fetch_lead").hasRecordKeys();
        ErrorInfo error = envelope.metadata().error();
        assertThat(error.retryable()).isTrue();
        assertThat(error.message()).isEqualTo("tool 'crm' failed transiently after 3 attempts: fake crm is unavailable");
        assertThat(crm.calls()).extracting(c -> c.attempt()).containsExactly(1, 2, 3);
        assertThat(envelope.metadata().steps()).containsExactly(new StepRun("fetch_lead", "lead_sync", StepStatus.FAILED, 3, 0));
        assertThat(audit.forRun("run-1")).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(AuditKind.ENVELOPE);
            assertThat(entry.envelope()).isEqualTo(envelope);
        });
    }

    @Test
    void shouldNotRetryPermanentFailureAndAuditTheEnvelope() {
        // given
        crm.failPermanently();
        Coordinator coordinator = fetching().build(context(crm).build());

        // when
        Envelope envelope = coordinator.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "BadRequest", "fetch_lead");
        assertThat(envelope.metadata().error().retryable()).isFalse();
        assertThat(crm.callCount()).isEqualTo(1);
        assertThat(delays.delays()).isEmpty();
        assertThat(audit.envelopes()).singleElement().extracting(AuditRecord::envelope).isEqualTo(envelope);
    }

    @Test
    void shouldRejectPayloadMissingARequiredFieldBeforeCallingAnyTool() {
        // given
        Coordinator coordinator = fetching().build(context(crm).build());

        // when
        Envelope envelope = coordinator.run(new Payload("run-2", Map.of("email", "ada@example.com")));

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "InvalidPayload", null);
        assertThat(envelope.metadata().error().step()).isNull();
        assertThat(envelope.metadata().error().message()).contains("'lead_id'", "missing");
        assertThat(envelope.metadata().steps()).isEmpty();
        assertThat(crm.calls()).isEmpty();
        assertThat(audit.envelopes()).singleElement().extracting(r -> r.envelope().status()).isEqualTo(RunStatus.FAILED);
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"WRITE", "SEND"})
    void shouldRefuseAToolOutsideTheDeclaredCapabilitiesBeforeItRuns(Capability needed) {
        // given a read-only coordinator whose second step calls a tool with side effects
        FakeTool sideEffect = FakeTool.returning("crm_write", needed, Map.of("ok", true));
        Step write = Steps.of("write_back", (ctx, input) -> ctx.call("crm_write", Map.of("lead_id", "L-1"))
                .thenApply(done -> StepOutcome.proceed(input)));
        Coordinator coordinator = fetching().step(write).build(context(crm, sideEffect).build());

        // when
        Envelope envelope = coordinator.run(PAYLOAD);

        // then
        assertThat(sideEffect.calls()).isEmpty();
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "CapabilityDenied", "write_back");
        assertThat(envelope.metadata().error().message()).isEqualTo("orchestrator 'lead_sync' may not call tool 'crm_write': "
                + "the tool needs capability " + needed + " but the orchestrator declares only [READ]");
        assertThat(envelope.metadata().steps()).extracting(StepRun::name, StepRun::status, StepRun::attempts)
                .containsExactly(tuple("fetch_lead", StepStatus.OK, 1),
                        tuple("write_back", StepStatus.FAILED, 0));
        List<AuditRecord> refusals = audit.forRun("run-1").stream().filter(r -> r.kind() == AuditKind.CAPABILITY_REFUSED).toList();
        assertThat(refusals).singleElement().satisfies(refusal -> {
            assertThat(refusal.orchestrator()).isEqualTo("lead_sync");
            assertThat(refusal.subject()).isEqualTo("crm_write");
            assertThat(refusal.details()).containsEntry("tool", "crm_write")
                    .containsEntry("required_capability", needed.name())
                    .containsEntry("declared_capabilities", List.of("READ"))
                    .containsEntry("step", "write_back");
        });
        assertThat(audit.envelopes()).hasSize(1);
    }

    @Test
    void shouldFailPermanentlyNamingTheKnownToolsWhenAStepCallsAnUnregisteredTool() {
        // given
        Coordinator coordinator = Coordinator.newBuilder("lead_sync").capabilities(READ)
                .step(Steps.fetch("fetch_lead", "crm_typo", payload -> Map.of(), "lead_id"))
                .build(context(crm).build());

        // when
        Envelope envelope = coordinator.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "UnknownNameException", "fetch_lead");
        assertThat(envelope.metadata().error().message()).isEqualTo("unknown tool 'crm_typo'; known tools: [crm]");
    }

    /** A third-party failure that carries an HTTP status, mapped by a custom classifier. */
    static final class HttpStatusException extends RuntimeException {
        final int status;

        HttpStatusException(int status) {
            super("HTTP " + status);
            this.status = status;
        }
    }

    @Test
    void shouldKeepACustomClassifiersTransientVerdictInTheEnvelope() {
        // given a classifier that maps 5xx to transient and everything else to permanent
        FailureClassifier http = failure -> FailureClassifier.unwrap(failure) instanceof HttpStatusException h && h.status >= 500
                ? FailureClass.TRANSIENT : FailureClass.PERMANENT;
        HttpStatusException unavailable = new HttpStatusException(503);
        crm.failWith(unavailable).failWith(unavailable).failWith(unavailable);
        Coordinator coordinator = fetching().build(context(crm).classifier(http).build());

        // when
        Envelope envelope = coordinator.run(PAYLOAD);

        // then the 503 was retried as transient, and the envelope must say so too
        assertThat(crm.calls()).extracting(c -> c.attempt()).containsExactly(1, 2, 3);
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.TRANSIENT, "HttpStatusException", "fetch_lead");
        assertThat(envelope.metadata().error().retryable()).isTrue();
    }
}
