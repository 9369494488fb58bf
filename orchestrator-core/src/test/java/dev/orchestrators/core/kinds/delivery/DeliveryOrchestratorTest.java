package dev.orchestrators.core.kinds.delivery;

import static dev.orchestrators.core.tool.Capability.SEND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.ledger.InMemorySideEffectLedger;
import dev.orchestrators.core.ledger.SideEffect;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.ToolCall;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gated, idempotent and audited delivery. */
class DeliveryOrchestratorTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Payload PAYLOAD = new Payload("run-7", Map.of("records", List.of(
            Map.of("key", "L-1", "fields", Map.of("email", "ada@example.com")),
            Map.of("key", "L-2", "fields", Map.of("email", "grace@example.com")))));

    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final InMemorySideEffectLedger ledger = new InMemorySideEffectLedger();
    private final FakeTool mailer = FakeTool.answering("send_email", SEND,
            call -> Map.of("delivery_id", "dlv-" + call.argument("record_key")));

    private DeliveryOrchestrator delivery(DeliveryGate gate) {
        OrchestratorContext context = OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(mailer))
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .delays(new RecordingDelays())
                .random(() -> 0.5)
                .auditStore(audit)
                .sideEffects(ledger)
                .deliveryGate(gate)
                .build();
        return DeliveryOrchestrator.newBuilder("send_email").build(context);
    }

    private List<AuditRecord> deliveryAudit() {
        return audit.records().stream().filter(r -> r.kind() == AuditKind.DELIVERY).toList();
    }

    @Test
    void shouldSendNothingAndEndDisabledWhileTheGateIsClosed() {
        // given the default gate
        DeliveryOrchestrator delivery = DeliveryOrchestrator.newBuilder("send_email").build(OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(mailer)).clock(Clock.fixed(T0, ZoneOffset.UTC)).auditStore(audit).build());

        // when
        Envelope envelope = delivery.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.DISABLED).hasRecordKeys("L-1", "L-2")
                .everyRecordLastTouchedBy("delivery", "delivery", "delivery_disabled");
        assertThat(envelope.metadata().reason()).isEqualTo(DeliveryOrchestrator.DISABLED_REASON);
        assertThat(envelope.records()).allSatisfy(r -> assertThat(r.fields()).doesNotContainKey("delivery_id"));
        assertThat(mailer.calls()).isEmpty();
        assertThat(deliveryAudit()).extracting(AuditRecord::subject).containsExactly("L-1", "L-2");
        assertThat(deliveryAudit()).allSatisfy(r -> {
            assertThat(r.orchestrator()).isEqualTo("delivery");
            assertThat(r.details()).containsEntry("outcome", "disabled").doesNotContainKey("delivery_id");
        });
        assertThat(deliveryAudit().get(0).details()).containsEntry("delivery_key", "run-7:delivery:L-1");
    }

    @Test
    void shouldDeliverEveryRecordWithItsDeliveryKeyWhenTheGateIsOpen() {
        // given
        DeliveryOrchestrator delivery = delivery(DeliveryGate.open());

        // when
        Envelope envelope = delivery.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("L-1", "L-2")
                .everyRecordLastTouchedBy("delivery", "delivery", "delivered");
        assertThat(envelope.records()).extracting(r -> r.field("delivery_id")).containsExactly("dlv-L-1", "dlv-L-2");
        assertThat(envelope.records().get(0).provenance().get(1))
                .isEqualTo(new Provenance("delivery", "delivery", "send_email", "delivered", "run-7", T0, 1));
        assertThat(mailer.calls()).first().isEqualTo(new ToolCall("run-7", "delivery", "delivery", "send_email", 1, Map.of(
                "delivery_key", "run-7:delivery:L-1", "record_key", "L-1", "fields", Map.of("email", "ada@example.com"),
                "idempotency_key", "run-7:delivery:L-1")));
        assertThat(mailer.calls()).extracting(c -> c.argument("delivery_key")).containsExactly("run-7:delivery:L-1", "run-7:delivery:L-2");
        assertThat(deliveryAudit()).extracting(r -> r.details().get("outcome"), r -> r.details().get("delivery_id"))
                .containsExactly(tuple("sent", "dlv-L-1"),
                        tuple("sent", "dlv-L-2"));
        assertThat(ledger.recorded()).hasSize(2);
        assertThat(ledger.find("run-7:delivery:L-1")).get().extracting(SideEffect::id, SideEffect::tool).containsExactly("dlv-L-1", "send_email");
        assertThat(ledger.find("run-7:delivery:L-2")).get().extracting(SideEffect::id).isEqualTo("dlv-L-2");
    }

    @Test
    void shouldSendOnceWhenTheSameRunIsDeliveredTwice() {
        // given
        DeliveryOrchestrator delivery = delivery(DeliveryGate.open());
        Envelope first = delivery.run(PAYLOAD);

        // when
        Envelope second = delivery.run(PAYLOAD);

        // then
        assertThat(mailer.callCount()).isEqualTo(2); // one per record, all from the first run
        EnvelopeAssert.assertThat(second).hasStatus(RunStatus.OK).hasRecordKeys("L-1", "L-2")
                .everyRecordLastTouchedBy("delivery", "delivery", "delivery_duplicate_skipped");
        assertThat(second.records()).extracting(r -> r.field("delivery_id"))
                .containsExactlyElementsOf(first.records().stream().map(r -> r.field("delivery_id")).toList());
        assertThat(deliveryAudit()).extracting(r -> r.details().get("outcome"))
                .containsExactly("sent", "sent", "duplicate", "duplicate");
        assertThat(deliveryAudit().get(2).details()).containsEntry("delivery_id", "dlv-L-1");
    }

    @Test
    void shouldReleaseTheClaimOfAFailedSendSoALaterAttemptSends() {
        // given a mailer that rejects its first call
        mailer.failPermanently();
        DeliveryOrchestrator delivery = delivery(DeliveryGate.open());
        Payload one = new Payload("run-8", Map.of("records", List.of(Map.of("key", "L-1", "fields", Map.of()))));
        Envelope failed = delivery.run(one);

        // when
        Envelope retried = delivery.run(one);

        // then
        EnvelopeAssert.assertThat(failed).failedWith(FailureClass.PERMANENT, "BadRequest", "delivery");
        EnvelopeAssert.assertThat(retried).hasStatus(RunStatus.OK).everyRecordLastTouchedBy("delivery", "delivery", "delivered");
        assertThat(mailer.callCount()).isEqualTo(2);
        assertThat(retried.records().get(0).field("delivery_id")).isEqualTo("dlv-L-1");
        assertThat(deliveryAudit()).extracting(r -> r.details().get("outcome")).containsExactly("sent");
    }

    @Test
    void shouldRetryATransientSendAndRecordTheSucceedingAttempt() {
        // given
        mailer.failTransiently(1);
        DeliveryOrchestrator delivery = delivery(DeliveryGate.open());
        Payload one = new Payload("run-9", Map.of("records", List.of(Map.of("key", "L-1", "fields", Map.of()))));

        // when
        Envelope envelope = delivery.run(one);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK);
        EnvelopeRecord record = envelope.records().get(0);
        assertThat(record.provenance().get(record.provenance().size() - 1).attempt()).isEqualTo(2);
        assertThat(mailer.calls()).extracting(ToolCall::attempt).containsExactly(1, 2);
    }

    @Test
    void shouldFailPermanentlyAndReleaseTheClaimWhenTheToolAnswersWithoutADeliveryId() {
        // given
        FakeTool silent = FakeTool.returning("send_email", SEND, Map.of("status", "queued"));
        DeliveryOrchestrator delivery = DeliveryOrchestrator.newBuilder("send_email").build(OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(silent)).clock(Clock.fixed(T0, ZoneOffset.UTC))
                .deliveryGate(DeliveryGate.open()).sideEffects(ledger).auditStore(audit).build());

        // when
        Envelope envelope = delivery.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "MissingSideEffectId", "delivery");
        assertThat(ledger.recorded()).isEmpty();
    }

    @Test
    void shouldNotReportADeliveryWhileAnotherAttemptStillHoldsTheClaim() {
        // given another attempt of the same run has claimed L-1 and not finished sending
        ledger.claim("run-8", DeliveryOrchestrator.deliveryKey("run-8", "delivery", "L-1"));
        DeliveryOrchestrator delivery = delivery(DeliveryGate.open());
        Payload one = new Payload("run-8", Map.of("records", List.of(Map.of("key", "L-1", "fields", Map.of()))));

        // when
        Envelope envelope = delivery.run(one);

        // then nothing is known to be delivered yet: the run must be retried later, not reported as sent
        assertThat(mailer.calls()).isEmpty();
        assertThat(envelope.records()).noneSatisfy(r -> assertThat(r.field("delivery_id")).isEqualTo("in-flight"));
        assertThat(envelope.status()).isEqualTo(RunStatus.FAILED);
        assertThat(envelope.metadata().error().failureClass()).isEqualTo(FailureClass.TRANSIENT);
    }
}
