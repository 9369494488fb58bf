package dev.orchestrators.core.kinds.saga;

import static dev.orchestrators.core.kinds.saga.ProvisioningSaga.REQUEST;
import static dev.orchestrators.core.kinds.saga.ProvisioningSaga.sagaDetails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.kinds.executor.Executor;
import dev.orchestrators.core.kinds.validator.Validator;
import dev.orchestrators.core.monitoring.MonitoringEvent;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.tool.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A saga run in process: every step once, and on failure the completed steps undone in reverse order. */
class SagaTest {
    private final ProvisioningSaga f = new ProvisioningSaga();

    private static Map<String, Object> step(String name, String status, String sideEffectId) {
        return Map.of("step", name, "status", status, "side_effect_id", sideEffectId);
    }

    private static Map<String, Object> undone(String name, String sideEffectId) {
        return Map.of("step", name, "status", "undone", "side_effect_id", sideEffectId,
                "compensation_id", Executor.compensationKey("run-1", name));
    }

    @Test
    void shouldPerformEveryStepOnceAndCompensateNothingWhenAllSucceed() {
        // when
        Envelope envelope = f.saga().run(REQUEST);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK)
                .hasRecordKeys("create_record", "grant_access", "create_mailbox")
                .hasStepsInOrder("create_record", "grant_access", "create_mailbox");
        assertThat(sagaDetails(envelope)).isEqualTo(Map.of("steps", List.of(step("create_record", "done", "crm-1"),
                step("grant_access", "done", "grant-7"), step("create_mailbox", "done", "mbx-3"))));
        assertThat(List.of(f.crmCreate.callCount(), f.accessGrant.callCount(), f.mailboxCreate.callCount())).containsOnly(1);
        assertThat(f.undone).isEmpty();
        assertThat(f.compensationAudit()).isEmpty();
    }

    @Test
    void shouldCompensateCompletedStepsInReverseOrderWhenALaterStepFailsPermanently() {
        // given
        f.mailboxCreate.failPermanently();

        // when
        Envelope envelope = f.saga().run(REQUEST);

        // then
        assertThat(f.undone).containsExactly("access_revoke", "crm_delete");
        assertThat(f.accessRevoke.calls()).singleElement().extracting(ToolCall::arguments).isEqualTo(
                Map.of("id", "grant-7", "idempotency_key", Executor.compensationKey("run-1", "grant_access")));
        assertThat(f.crmDelete.calls()).singleElement().satisfies(call -> {
            assertThat(call.arguments()).isEqualTo(Map.of("id", "crm-1", "idempotency_key", "run-1:create_record:compensate"));
            assertThat(call.orchestrator()).isEqualTo("provisioning");
        });
    }

    @Test
    void shouldFailWithTheFailingStepsErrorAndReportWhatWasUndone() {
        // given
        f.mailboxCreate.failPermanently();

        // when
        Envelope envelope = f.saga().run(REQUEST);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "BadRequest", "create_mailbox").hasRecordKeys();
        assertThat(envelope.metadata().error().message()).startsWith("step 'create_mailbox' failed: ")
                .contains("fake mailbox_create rejected the call").endsWith("; undone: grant_access, create_record"); // in the order they were undone
        Map<String, Object> saga = sagaDetails(envelope);
        assertThat(saga).containsEntry("failed_step", "create_mailbox").containsEntry("compensated", true);
        assertThat(saga.get("steps")).asList().extracting("step", "status").containsExactly(
                tuple("create_record", "undone"), tuple("grant_access", "undone"), tuple("create_mailbox", "failed"));
        assertThat(saga.get("steps")).asList().startsWith(undone("create_record", "crm-1"), undone("grant_access", "grant-7"));
    }

    @Test
    void shouldAuditEachCompensationInTheOrderItRan() {
        // given
        f.mailboxCreate.failPermanently();

        // when
        f.saga().run(REQUEST);

        // then
        assertThat(f.compensationAudit()).extracting(r -> r.subject(), r -> r.orchestrator(), r -> r.details().get("outcome"))
                .containsExactly(tuple("grant_access", "provisioning", "compensated"),
                        tuple("create_record", "provisioning", "compensated"));
        assertThat(f.compensationAudit().get(1).details()).containsEntry("compensator", "crm_delete")
                .containsEntry("idempotency_key", "run-1:create_record:compensate").containsEntry("side_effect_id", "crm-1");
    }

    @Test
    void shouldStillUndoTheOtherStepsAndRaiseAnAlertWhenACompensatorFails() {
        // given
        f.mailboxCreate.failPermanently();
        f.accessRevoke.failPermanently();

        // when
        Envelope envelope = f.saga().run(REQUEST);

        // then
        assertThat(f.crmDelete.callCount()).isEqualTo(1);
        Map<String, Object> saga = sagaDetails(envelope);
        assertThat(saga).containsEntry("compensated", false);
        assertThat(saga.get("steps")).asList().extracting("step", "status").containsExactly(
                tuple("create_record", "undone"), tuple("grant_access", "compensation_failed"), tuple("create_mailbox", "failed"));
        assertThat(envelope.metadata().error().message())
                .endsWith("undone: create_record; compensation FAILED (manual action needed): grant_access");
        assertThat(f.monitoring.events()).filteredOn(e -> e.name().equals(MonitoringEvent.ALERT)).singleElement()
                .satisfies(alert -> assertThat(alert.attributes()).isEqualTo(
                        Map.of("alert", "compensation_failed", "step", "grant_access", "flow", "provisioning")));
        assertThat(f.compensationAudit()).extracting(r -> r.details().get("outcome"))
                .containsExactly("compensation_failed", "compensated");
    }

    @Test
    void shouldCompensateItselfWhenNestedAsAStepOfACoordinator() {
        // given
        f.mailboxCreate.failPermanently();
        Coordinator onboarding = Coordinator.newBuilder("onboarding").step(f.saga()).build(f.context);

        // when
        Envelope envelope = onboarding.run(REQUEST);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "BadRequest", "create_mailbox");
        assertThat(f.undone).containsExactly("access_revoke", "crm_delete");
        assertThat(sagaDetails(envelope)).containsEntry("failed_step", "create_mailbox").containsEntry("compensated", true);
        assertThat(f.compensationAudit()).allSatisfy(entry -> assertThat(entry.flow()).isEqualTo("onboarding"));
    }

    @Test
    void shouldCompensateNothingWhenTheFirstStepFails() {
        // given
        f.crmCreate.failPermanently();

        // when
        Envelope envelope = f.saga().run(REQUEST);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "BadRequest", "create_record");
        assertThat(f.undone).isEmpty();
        assertThat(f.accessGrant.calls()).isEmpty();
        assertThat(sagaDetails(envelope).get("steps")).asList().extracting("status")
                .containsExactly("failed", "not_run", "not_run");
        assertThat(envelope.metadata().error().message()).endsWith("; nothing to undo");
    }

    @Test
    void shouldPerformNothingWhenItsValidatorBlocks() {
        // given
        Validator consent = Validator.newBuilder("consent_check")
                .rule("consent", p -> Optional.of("no consent on file")).build(f.context);
        Saga saga = f.builder().validateWith(consent).build(f.context);

        // when
        Envelope envelope = saga.run(REQUEST);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.BLOCKED).hasStepsInOrder("consent_check");
        assertThat(envelope.metadata().reason()).isEqualTo("blocked by rule 'consent': no consent on file");
        assertThat(List.of(f.crmCreate.callCount(), f.accessGrant.callCount(), f.mailboxCreate.callCount())).containsOnly(0);
    }

    @Test
    void shouldPerformNothingAgainWhenTheSameRunIsExecutedTwice() {
        // given
        Saga saga = f.saga();
        Envelope first = saga.run(REQUEST);

        // when
        Envelope second = saga.run(REQUEST);

        // then
        assertThat(List.of(f.crmCreate.callCount(), f.accessGrant.callCount(), f.mailboxCreate.callCount())).containsOnly(1);
        EnvelopeAssert.assertThat(second).hasStatus(RunStatus.OK).hasRecordKeys("create_record", "grant_access", "create_mailbox");
        assertThat(second.records()).allSatisfy(record ->
                assertThat(record.provenance().get(record.provenance().size() - 1).action()).isEqualTo("performed_earlier"));
        assertThat(second.records()).extracting(r -> r.field("side_effect_id"))
                .isEqualTo(first.records().stream().map(r -> r.field("side_effect_id")).toList());
        assertThat(f.ledger.recorded()).containsOnlyKeys("run-1:create_record", "run-1:grant_access", "run-1:create_mailbox");
    }

    @Test
    void shouldNotReportUndoneStepsAsDoneWhenARetryableFailedRunIsRunAgain() {
        // given: the last step fails transiently after its attempts, the run is compensated and FAILED, retryable
        f.mailboxCreate.failTransiently(3);
        Saga saga = f.saga();
        Envelope failed = saga.run(REQUEST);
        assertThat(failed.metadata().error().retryable()).isTrue();
        assertThat(f.undone).containsExactly("access_revoke", "crm_delete");

        // when: the caller retries the run, as the envelope invites
        Envelope rerun = saga.run(REQUEST);

        // then: it either fails again or performs the undone steps again; never "done" for what stands undone
        assertThat(rerun).satisfiesAnyOf(
                envelope -> assertThat(envelope.status()).isNotEqualTo(RunStatus.OK),
                envelope -> assertThat(List.of(f.crmCreate.callCount(), f.accessGrant.callCount())).containsOnly(2));
    }

    @Test
    void shouldRetryATransientStepFailureWithTheExecutorsRetryPolicy() {
        // given
        f.accessGrant.failTransiently(2);
        RetryPolicy policy = RetryPolicy.newBuilder().maxAttempts(3).initialDelay(Duration.ofSeconds(1)).multiplier(2)
                .maxDelay(Duration.ofSeconds(10)).jitter(0).build();
        Saga saga = Saga.newBuilder("provisioning").step(f.createRecord())
                .step(f.grantAccess(Executor.newBuilder("access_grant").retryPolicy(policy))).step(f.createMailbox())
                .build(f.context);

        // when
        Envelope envelope = saga.run(REQUEST);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK);
        assertThat(f.accessGrant.calls()).extracting(ToolCall::attempt).containsExactly(1, 2, 3);
        assertThat(f.delays.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(f.undone).isEmpty();
    }

    @Test
    void shouldCompensateWhenAStepStillFailsTransientlyAfterItsLastAttempt() {
        // given
        f.accessGrant.failTransiently(2);
        Saga saga = Saga.newBuilder("provisioning").step(f.createRecord())
                .step(f.grantAccess(Executor.newBuilder("access_grant").retryPolicy(RetryPolicy.newBuilder().maxAttempts(2).build())))
                .step(f.createMailbox()).build(f.context);

        // when
        Envelope envelope = saga.run(REQUEST);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.TRANSIENT, "TransientException", "grant_access");
        assertThat(f.accessGrant.callCount()).isEqualTo(2);
        assertThat(f.undone).containsExactly("crm_delete");
        assertThat(f.mailboxCreate.calls()).isEmpty();
    }
}
