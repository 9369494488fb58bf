package dev.orchestrators.core.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Metadata;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.internal.RunContext;
import dev.orchestrators.core.monitoring.RecordingMonitoring;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.tool.Capability;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The life-cycle hooks of {@link BaseOrchestrator}: beforeRun, afterRun and onError. */
class BaseOrchestratorHooksTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Payload PAYLOAD = new Payload("run-1", Map.of("lead_id", "L-1"));

    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final RecordingMonitoring monitoring = new RecordingMonitoring();
    private final OrchestratorContext context = OrchestratorContext.newBuilder()
            .clock(Clock.fixed(T0, ZoneOffset.UTC)).auditStore(audit).monitoring(monitoring).build();

    /** Records every hook call; its work is given by the test. */
    static class HookedOrchestrator extends BaseOrchestrator {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        private final Function<RunContext, CompletionStage<StepOutcome>> work;

        HookedOrchestrator(OrchestratorContext context, Function<RunContext, CompletionStage<StepOutcome>> work) {
            super("hooked", OrchestratorSettings.of(Capability.READ), context);
            this.work = work;
        }

        @Override
        public String kind() {
            return "hooked";
        }

        @Override
        protected CompletionStage<StepOutcome> perform(RunContext run) {
            calls.add("perform");
            return work.apply(run);
        }

        @Override
        protected void beforeRun(Payload payload) {
            calls.add("beforeRun:" + payload.runId());
        }

        @Override
        protected void afterRun(Envelope envelope) {
            calls.add("afterRun:" + envelope.status());
        }

        @Override
        protected void onError(Throwable failure, Metadata metadata) {
            failures.add(failure);
            calls.add("onError:" + metadata.status() + ":" + metadata.error().type());
        }
    }

    private static CompletionStage<StepOutcome> oneRecord(RunContext run) {
        Provenance origin = new Provenance("hooked", "make", null, "produced", run.runId(), run.now(), 1);
        return CompletableFuture.completedFuture(StepOutcome.proceed(List.of(EnvelopeRecord.of("k1", Map.of("a", 1), origin))));
    }

    @Test
    void shouldCallBeforeRunThenPerformThenAfterRunOnSuccess() {
        // given
        HookedOrchestrator orchestrator = new HookedOrchestrator(context, BaseOrchestratorHooksTest::oneRecord);

        // when
        Envelope envelope = orchestrator.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("k1");
        assertThat(orchestrator.calls).containsExactly("beforeRun:run-1", "perform", "afterRun:OK");
    }

    @Test
    void shouldCallOnErrorWithTheFailureAndFinalMetadataWhenWorkFails() {
        // given
        PermanentException rejected = new PermanentException("Rejected", "the CRM rejected the lead", null);
        HookedOrchestrator orchestrator = new HookedOrchestrator(context, run -> CompletableFuture.failedFuture(rejected));

        // when
        Envelope envelope = orchestrator.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "Rejected", null);
        assertThat(orchestrator.calls).containsExactly("beforeRun:run-1", "perform", "onError:FAILED:Rejected");
        assertThat(orchestrator.failures).containsExactly(rejected);
    }

    @Test
    void shouldFailTheRunWithoutPerformingWhenBeforeRunThrows() {
        // given
        HookedOrchestrator orchestrator = new HookedOrchestrator(context, BaseOrchestratorHooksTest::oneRecord) {
            @Override
            protected void beforeRun(Payload payload) {
                calls.add("beforeRun");
                throw new IllegalStateException("maintenance window");
            }
        };

        // when
        Envelope envelope = orchestrator.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "IllegalStateException", null);
        assertThat(envelope.metadata().error().message()).isEqualTo("maintenance window");
        assertThat(orchestrator.calls).containsExactly("beforeRun", "onError:FAILED:IllegalStateException");
        assertThat(audit.envelopes()).hasSize(1);
    }

    @Test
    void shouldKeepAndAuditTheEnvelopeWhenAfterRunThrows() {
        // given
        HookedOrchestrator orchestrator = new HookedOrchestrator(context, BaseOrchestratorHooksTest::oneRecord) {
            @Override
            protected void afterRun(Envelope envelope) {
                throw new IllegalStateException("broken hook");
            }
        };

        // when
        Envelope envelope = orchestrator.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("k1");
        assertThat(audit.envelopes()).singleElement().extracting(r -> r.envelope()).isEqualTo(envelope);
        assertThat(monitoring.namesFor("run-1")).containsExactly("orchestrator.start", "orchestrator.success");
    }

    @Test
    void shouldRejectABlankName() {
        // when / then
        assertThatThrownBy(() -> new BaseOrchestrator(" ", OrchestratorSettings.of(), context) {
                    @Override
                    public String kind() {
                        return "blank";
                    }

                    @Override
                    protected CompletionStage<StepOutcome> perform(RunContext run) {
                        return CompletableFuture.completedFuture(StepOutcome.proceed(List.of()));
                    }
                })
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("an orchestrator needs a non-blank name");
    }
}
