package dev.orchestrators.core.kinds.saga;

import static dev.orchestrators.core.kinds.saga.ProvisioningSaga.REQUEST;
import static dev.orchestrators.core.kinds.saga.ProvisioningSaga.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.StepRun;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.kinds.executor.Executor;
import dev.orchestrators.core.ledger.SideEffect;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.RunOutcome;
import dev.orchestrators.core.testing.EnvelopeAssert;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A root saga on the runtime: it hands its compensations over, and the runtime runs each once. */
class SagaHandOffTest {
    private final ProvisioningSaga f = new ProvisioningSaga();

    private CompensationPlan handOffAfterTheLastStepFails(Saga saga) {
        f.mailboxCreate.failPermanently();
        RunOutcome outcome = saga.attempt(REQUEST, ExecutionOptions.defaults().withHandOff()).toCompletableFuture().join();
        assertThat(outcome).isInstanceOf(RunOutcome.CompensationRequired.class);
        return ((RunOutcome.CompensationRequired) outcome).plan();
    }

    @Test
    void shouldHandOverTheCompensationsInReverseOrderWithoutCallingAnyCompensator() {
        // when
        CompensationPlan handOff = handOffAfterTheLastStepFails(f.saga());

        // then
        assertThat(handOff.compensations()).extracting(Compensation::step, Compensation::tool, Compensation::key,
                Compensation::arguments, Compensation::index, Compensation::total).containsExactly(
                tuple("grant_access", "access_revoke", "run-1:grant_access:compensate", Map.of("id", "grant-7"), 0, 2),
                tuple("create_record", "crm_delete", "run-1:create_record:compensate", Map.of("id", "crm-1"), 1, 2));
        assertThat(handOff.compensations()).extracting(Compensation::effect).containsExactly(
                new SideEffect("run-1:grant_access", "grant-7", "access_grant", T0),
                new SideEffect("run-1:create_record", "crm-1", "crm_create", T0));
        assertThat(handOff.compensations()).allSatisfy(c -> {
            assertThat(c.runId()).isEqualTo("run-1");
            assertThat(c.flow()).isEqualTo("provisioning");
        });
        assertThat(handOff.compensations().get(1).last()).isTrue();
        assertThat(f.undone).isEmpty();
    }

    @Test
    void shouldHandOverTheErrorTheStepReportsAndWhenTheRunStarted() {
        // when
        CompensationPlan handOff = handOffAfterTheLastStepFails(f.saga());

        // then
        assertThat(handOff.failedStep()).isEqualTo("create_mailbox");
        assertThat(handOff.error().type()).isEqualTo("BadRequest");
        assertThat(handOff.error().failureClass()).isEqualTo(FailureClass.PERMANENT);
        assertThat(handOff.error().step()).isEqualTo("create_mailbox");
        assertThat(handOff.steps()).extracting(SagaStepReport::step, SagaStepReport::status, SagaStepReport::sideEffectId)
                .containsExactly(tuple("create_record", SagaStepReport.Status.DONE, "crm-1"),
                        tuple("grant_access", SagaStepReport.Status.DONE, "grant-7"),
                        tuple("create_mailbox", SagaStepReport.Status.FAILED, null));
        assertThat(handOff.startedAt()).isEqualTo(T0);
        assertThat(handOff.stepRuns()).extracting(StepRun::name, StepRun::status).containsExactly(
                tuple("create_record", StepRun.StepStatus.OK), tuple("grant_access", StepRun.StepStatus.OK),
                tuple("create_mailbox", StepRun.StepStatus.FAILED));
        assertThat(f.audit.envelopes()).isEmpty();
    }

    @Test
    void shouldEndWithAnEnvelopeNotAHandOffWhenThereIsNothingToUndo() {
        // given
        f.crmCreate.failPermanently();

        // when
        Envelope envelope = f.saga().execute(REQUEST, ExecutionOptions.defaults().withHandOff()).toCompletableFuture().join();

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "BadRequest", "create_record");
        assertThat(f.audit.envelopes()).hasSize(1);
    }

    @Test
    void shouldPerformAHandedOverCompensationOnlyOnce() {
        // given
        Saga saga = f.saga();
        Compensation grant = handOffAfterTheLastStepFails(saga).compensations().get(0);

        // when
        SagaStepReport first = saga.compensate(grant, ExecutionOptions.defaults()).toCompletableFuture().join();
        SagaStepReport second = saga.compensate(grant, ExecutionOptions.defaults()).toCompletableFuture().join();

        // then
        assertThat(first).isEqualTo(new SagaStepReport("grant_access", SagaStepReport.Status.UNDONE, "grant-7",
                "run-1:grant_access:compensate", null));
        assertThat(second).isEqualTo(first);
        assertThat(f.accessRevoke.calls()).singleElement().satisfies(call -> {
            assertThat(call.arguments()).isEqualTo(Map.of("id", "grant-7", "idempotency_key", "run-1:grant_access:compensate"));
            assertThat(call.runId()).isEqualTo("run-1");
        });
        assertThat(f.compensationAudit()).extracting(r -> r.details().get("outcome"))
                .containsExactly("compensated", "already_compensated");
    }

    @Test
    void shouldReportAFailedHandedOverCompensationInsteadOfThrowing() {
        // given
        Saga saga = f.saga();
        Compensation grant = handOffAfterTheLastStepFails(saga).compensations().get(0);
        f.accessRevoke.failPermanently();

        // when
        SagaStepReport report = saga.compensate(grant, ExecutionOptions.defaults()).toCompletableFuture().join();

        // then
        assertThat(report.status()).isEqualTo(SagaStepReport.Status.COMPENSATION_FAILED);
        assertThat(report.error()).startsWith("BadRequest: ");
        assertThat(report.compensationId()).isNull();
    }

    @Test
    void shouldRejectASagaWithoutSteps() {
        assertThatThrownBy(() -> Saga.newBuilder("provisioning").build(f.context))
                .isInstanceOf(ConfigurationException.class).hasMessage("saga 'provisioning' needs at least one step");
    }

    @Test
    void shouldRejectTwoStepsWithTheSameName() {
        // given
        Saga.Builder builder = Saga.newBuilder("provisioning").step(f.createRecord()).step(f.createRecord());

        // when / then
        assertThatThrownBy(() -> builder.build(f.context))
                .isInstanceOf(ConfigurationException.class).hasMessage("saga 'provisioning' has two steps named 'create_record'");
    }

    @Test
    void shouldRejectAStepOtherThanTheLastThatCannotBeUndone() {
        // given
        Executor irreversible = Executor.newBuilder("mailbox_create").name("create_mailbox").build(f.context);
        Saga.Builder builder = Saga.newBuilder("provisioning").step(irreversible).step(f.createRecord());

        // when / then
        assertThatThrownBy(() -> builder.build(f.context)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("step 'create_mailbox' names no compensator")
                .hasMessageContaining("Executor.compensator(...)");
    }

    @Test
    void shouldAcceptALastStepWithoutCompensator() {
        // when
        Saga saga = f.saga();

        // then
        assertThat(saga.steps()).extracting(Executor::name).containsExactly("create_record", "grant_access", "create_mailbox");
        assertThat(saga.describe().tools()).containsExactly("access_revoke", "crm_delete");
        assertThat(saga.kind()).isEqualTo("saga");
    }
}
