package dev.orchestrators.core.kinds.coordinator;

import static dev.orchestrators.core.tool.Capability.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.IndeterminateOutcomeException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.retry.RetryDeferredException;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.ToolCall;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** Retries of transient tool failures: attempt numbers, back-off, time-outs and deferral to the runtime. */
class CoordinatorRetryTest {
    private static final Payload PAYLOAD = new Payload("run-1", Map.of("lead_id", "L-1"));

    private final RecordingDelays delays = new RecordingDelays();
    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final FakeTool crm = FakeTool.answering("crm", READ, call -> Map.of("lead_id", call.requireString("lead_id")));

    private Coordinator coordinator(DoubleSupplier random, Duration toolTimeout) {
        OrchestratorContext context = OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(crm))
                .clock(Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC))
                .delays(delays)
                .auditStore(audit)
                .random(random)
                .build();
        return Coordinator.newBuilder("lead_sync")
                .capabilities(READ)
                .retryPolicy(RetryPolicy.ofDefaults()) // 3 attempts, 100 ms, x2, ±20%
                .toolTimeout(toolTimeout)
                .step(Steps.fetch("fetch_lead", "crm", payload -> Map.of("lead_id", payload.get("lead_id")), "lead_id"))
                .build(context);
    }

    private Coordinator coordinator() {
        return coordinator(() -> 0.5, Duration.ofSeconds(5)); // 0.5 = no jitter
    }

    @Test
    void shouldRetryTransientToolFailureWithBackoffAndSucceed() {
        // given
        crm.failTransiently(2);

        // when
        Envelope envelope = coordinator().run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("L-1");
        assertThat(crm.calls()).extracting(ToolCall::attempt).containsExactly(1, 2, 3);
        assertThat(crm.calls()).extracting(ToolCall::arguments).containsOnly(Map.of("lead_id", "L-1"));
        assertThat(delays.delays()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(envelope.metadata().steps().get(0).attempts()).isEqualTo(3);
        assertThat(envelope.records().get(0).provenance().get(0).attempt()).isEqualTo(3);
    }

    @Test
    void shouldKeepEveryRetryBackoffWithinItsJitterBounds() {
        // given real randomness
        crm.failTransiently(2);

        // when
        coordinator(() -> ThreadLocalRandom.current().nextDouble(), Duration.ofSeconds(5)).run(PAYLOAD);

        // then ±20% around 100 ms and 200 ms
        assertThat(delays.delays()).hasSize(2);
        assertThat(delays.delays().get(0)).isBetween(Duration.ofMillis(80), Duration.ofMillis(120));
        assertThat(delays.delays().get(1)).isBetween(Duration.ofMillis(160), Duration.ofMillis(240));
    }

    @Test
    void shouldApplyJitterDrawnFromTheContextsRandomSource() {
        // given the lowest possible draw: -20%
        crm.failTransiently(2);

        // when
        coordinator(() -> 0.0, Duration.ofSeconds(5)).run(PAYLOAD);

        // then
        assertThat(delays.delays()).containsExactly(Duration.ofMillis(80), Duration.ofMillis(160));
    }

    @Test
    void shouldTreatAToolTimeoutAsTransientAndRetryIt() {
        // given a tool that does not answer its first call
        crm.neverAnswer();

        // when
        Envelope envelope = coordinator(() -> 0.5, Duration.ofMillis(50)).run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("L-1");
        assertThat(crm.calls()).extracting(ToolCall::attempt).containsExactly(1, 2);
        assertThat(delays.delays()).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void shouldFailWithToolTimeoutWhenEveryAttemptTimesOut() {
        // given
        crm.neverAnswer().neverAnswer().neverAnswer();

        // when
        Envelope envelope = coordinator(() -> 0.5, Duration.ofMillis(50)).run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.TRANSIENT, "ToolTimeout", "fetch_lead");
        assertThat(envelope.metadata().error().message()).contains("tool 'crm' did not answer within 50 ms");
        assertThat(crm.callCount()).isEqualTo(3);
    }

    @Test
    void shouldDeferTheRetryToTheRuntimeWhenTheBackoffExceedsTheInMemoryLimit() {
        // given a runtime that waits at most 50 ms in memory, and a 100 ms back-off
        crm.failTransiently(1);
        ExecutionOptions options = ExecutionOptions.forFlow("lead_sync").withMaxInMemoryBackoff(Duration.ofMillis(50));

        // when
        CompletableFuture<Envelope> result = coordinator().execute(PAYLOAD, options).toCompletableFuture();

        // then
        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(result::join).hasRootCauseInstanceOf(RetryDeferredException.class);
        RetryDeferredException deferred = (RetryDeferredException) rootCause(result);
        assertThat(deferred.delay()).isEqualTo(Duration.ofMillis(100));
        assertThat(deferred.step()).isEqualTo("fetch_lead");
        assertThat(deferred.tool()).isEqualTo("crm");
        assertThat(deferred.nextAttempt()).isEqualTo(2);
        assertThat(crm.callCount()).isEqualTo(1);
        assertThat(delays.delays()).isEmpty();
        assertThat(audit.records()).as("a deferred run is not over, so nothing is audited").isEmpty();
    }

    @Test
    void shouldRethrowRetryDeferredExceptionFromRun() {
        // given
        crm.failTransiently(1);
        Coordinator coordinator = coordinator();
        ExecutionOptions options = ExecutionOptions.defaults().withMaxInMemoryBackoff(Duration.ofMillis(99));

        // when / then
        assertThatThrownBy(() -> coordinator.execute(PAYLOAD, options).toCompletableFuture().join())
                .hasRootCauseInstanceOf(RetryDeferredException.class);
    }

    @Test
    void shouldContinueAttemptNumberingFromSpentAttemptsOfAResumedRun() {
        // given a run resumed after one attempt of crm was spent, and crm still failing once
        crm.failTransiently(1);
        ExecutionOptions resumed = ExecutionOptions.forFlow("lead_sync")
                .withSpentAttempts(Map.of(ExecutionOptions.attemptKey("fetch_lead", "crm"), 1));

        // when
        Envelope envelope = coordinator().execute(PAYLOAD, resumed).toCompletableFuture().join();

        // then attempts 2 and 3; the wait before attempt 3 is 200 ms
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK);
        assertThat(crm.calls()).extracting(ToolCall::attempt).containsExactly(2, 3);
        assertThat(delays.delays()).containsExactly(Duration.ofMillis(200));
        assertThat(envelope.records().get(0).provenance().get(0).attempt()).isEqualTo(3);
    }

    @Test
    void shouldFailAfterTheBudgetLeftBySpentAttemptsIsUsedUp() {
        // given two of three attempts already spent
        crm.failTransiently(1);
        ExecutionOptions resumed = ExecutionOptions.forFlow("lead_sync")
                .withSpentAttempts(Map.of(ExecutionOptions.attemptKey("fetch_lead", "crm"), 2));

        // when
        Envelope envelope = coordinator().execute(PAYLOAD, resumed).toCompletableFuture().join();

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.TRANSIENT, "TransientException", "fetch_lead");
        assertThat(crm.calls()).extracting(ToolCall::attempt).containsExactly(3);
    }

    @Test
    void shouldDeferWithTheNextAttemptCountedFromSpentAttempts() {
        // given one attempt spent, a failing attempt 2, and a 200 ms back-off before attempt 3
        crm.failTransiently(1);
        ExecutionOptions resumed = ExecutionOptions.forFlow("lead_sync")
                .withMaxInMemoryBackoff(Duration.ofMillis(150))
                .withSpentAttempts(Map.of(ExecutionOptions.attemptKey("fetch_lead", "crm"), 1));

        // when
        CompletableFuture<Envelope> result = coordinator().execute(PAYLOAD, resumed).toCompletableFuture();

        // then
        RetryDeferredException deferred = (RetryDeferredException) rootCause(result);
        assertThat(deferred.nextAttempt()).isEqualTo(3);
        assertThat(deferred.delay()).isEqualTo(Duration.ofMillis(200));
    }

    private static Throwable rootCause(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (RuntimeException e) {
            Throwable t = e;
            while (t.getCause() != null) {
                t = t.getCause();
            }
            return t;
        }
        throw new AssertionError("expected the future to fail, but it completed with " + future.join());
    }

    @Test
    void shouldWaitTheDelayTheRemoteSystemAskedForInsteadOfThePolicysBackoff() {
        // given a 429 with Retry-After: 7 s, then an answer
        crm.failWith(new TransientException("TooManyRequests", "429 from crm", null, Duration.ofSeconds(7)));

        // when (run in process: every back-off waits in memory)
        Envelope envelope = coordinator().run(PAYLOAD);

        // then the policy's 100 ms is replaced by the asked-for 7 s, and the attempt budget still applies
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK);
        assertThat(delays.delays()).containsExactly(Duration.ofSeconds(7));
        assertThat(crm.calls()).extracting(ToolCall::attempt).containsExactly(1, 2);
    }

    @Test
    void shouldDeferARetryAfterLongerThanTheInMemoryLimitToTheRuntimeWithTheAskedForDelay() {
        // given a 503 with Retry-After: 1 h
        crm.failWith(new TransientException("Unavailable", "503 from crm", null, Duration.ofHours(1)));

        ExecutionOptions options = ExecutionOptions.forFlow("lead_sync").withMaxInMemoryBackoff(Duration.ofSeconds(1));

        // when
        CompletableFuture<Envelope> result = coordinator().execute(PAYLOAD, options).toCompletableFuture();

        // then the runtime parks the run for exactly the hour asked for
        assertThat(result).isCompletedExceptionally();
        assertThat(((RetryDeferredException) rootCause(result)).delay()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldNotRetryAnIndeterminateOutcomeAndNameItsIdempotencyKeyInTheEnvelope() {
        // given a side effect whose outcome the remote system cannot tell
        crm.failWith(new IndeterminateOutcomeException("connection lost after DATA", "run-1:notify", null));

        // when
        Envelope envelope = coordinator().run(PAYLOAD);

        // then one attempt, FAILED, and the envelope says the outcome is unknown and under which key
        assertThat(crm.callCount()).isEqualTo(1);
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.FAILED);
        assertThat(envelope.metadata().error().type()).isEqualTo(IndeterminateOutcomeException.TYPE);
        assertThat(envelope.metadata().details()).containsEntry("outcome", "indeterminate")
                .containsEntry("idempotency_key", "run-1:notify");
    }
}
