package dev.orchestrators.core.time;

import static dev.orchestrators.core.tool.Capability.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Time that moves only when a test moves it, and the tool time-outs and back-offs that run on it. */
class ManualTimeTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final ManualTime time = ManualTime.startingAt(T0);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    /** A task that records its name and the time it saw. */
    private Runnable task(String name) {
        return () -> ran.add(name + "@" + Duration.between(T0, time.instant()).toMillis());
    }

    @Test
    void shouldRunDueTasksInDueOrderAndThoseDueTogetherInSchedulingOrder() {
        // given
        time.schedule(Duration.ofSeconds(3), task("c"));
        time.schedule(Duration.ofSeconds(1), task("a"));
        time.schedule(Duration.ofSeconds(2), task("b"));
        time.schedule(Duration.ofSeconds(2), task("b2"));

        // when
        time.advance(Duration.ofSeconds(5));

        // then
        assertThat(ran).containsExactly("a@1000", "b@2000", "b2@2000", "c@3000");
        assertThat(time.instant()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void shouldLeaveTasksThatAreNotYetDuePending() {
        // given
        time.schedule(Duration.ofSeconds(1), task("a"));
        time.schedule(Duration.ofSeconds(2), task("b"));

        // when
        time.advance(Duration.ofMillis(1500));

        // then
        assertThat(ran).containsExactly("a@1000");
        assertThat(time.pendingDueTimes()).containsExactly(T0.plusSeconds(2));
        assertThat(time.instant()).isEqualTo(T0.plusMillis(1500));
    }

    @Test
    void shouldMoveForwardAndRunWhatBecameDueWhenALoopSleepsOnIt() throws InterruptedException {
        // given a time-out a waiting loop should see fire
        time.schedule(Duration.ofSeconds(1), task("time-out"));
        Sleeper sleeper = Sleeper.of(time);

        // when the loop pauses three times
        for (int i = 0; i < 3; i++) {
            sleeper.sleep(Duration.ofMillis(500));
        }

        // then the pauses were time passing, not the thread waiting
        assertThat(sleeper).isSameAs(time);
        assertThat(ran).containsExactly("time-out@1000");
        assertThat(time.instant()).isEqualTo(T0.plusMillis(1500));
    }

    @Test
    void shouldNeverRunACancelledTask() {
        // given
        Timer.Cancellable cancelled = time.schedule(Duration.ofSeconds(1), task("cancelled"));
        time.schedule(Duration.ofSeconds(2), task("kept"));

        // when
        cancelled.cancel();
        time.advance(Duration.ofSeconds(3));

        // then
        assertThat(ran).containsExactly("kept@2000");
        assertThat(time.pendingDueTimes()).isEmpty();
    }

    @Test
    void shouldRunTasksScheduledByARunningTaskInTheSameAdvanceWhenTheyAreDueByThen() {
        // given
        time.schedule(Duration.ofSeconds(1), () -> {
            ran.add("first");
            time.schedule(Duration.ZERO, task("now"));
            time.schedule(Duration.ofSeconds(1), task("later"));
            time.schedule(Duration.ofSeconds(10), task("much_later"));
        });

        // when
        time.advance(Duration.ofSeconds(3));

        // then
        assertThat(ran).containsExactly("first", "now@1000", "later@2000");
        assertThat(time.pendingDueTimes()).containsExactly(T0.plusSeconds(11));
    }

    @Test
    void shouldRunATaskWithANegativeDelayAtTheNextAdvance() {
        // given
        time.schedule(Duration.ofSeconds(-5), task("overdue"));
        assertThat(ran).isEmpty();

        // when
        time.advance(Duration.ZERO);

        // then
        assertThat(ran).containsExactly("overdue@0");
    }

    @Test
    void shouldCompleteADelayOnlyWhenTimeHasBeenAdvancedByIt() {
        // given
        CompletableFuture<Void> delay = time.delay(Duration.ofSeconds(5)).toCompletableFuture();

        // when / then
        time.advance(Duration.ofSeconds(4));
        assertThat(delay).isNotDone();
        time.advance(Duration.ofSeconds(1));
        assertThat(delay).isCompleted();
        assertThat(time.delay(Duration.ZERO).toCompletableFuture()).isCompleted();
        assertThat(time.delay(Duration.ofSeconds(-1)).toCompletableFuture()).isCompleted();
    }

    @Test
    void shouldRefuseToMoveBackwards() {
        assertThatThrownBy(() -> time.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("time only moves forward, was PT-1S");
        assertThat(time.instant()).isEqualTo(T0);
    }

    @Test
    void shouldBeAUtcClock() {
        assertThat(time.millis()).isEqualTo(T0.toEpochMilli());
        assertThat(time.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(time.withZone(ZoneOffset.UTC)).isSameAs(time);
        assertThatThrownBy(() -> time.withZone(ZoneId.of("Europe/Paris"))).isInstanceOf(UnsupportedOperationException.class);
    }

    private Coordinator leadSync(FakeTool crm, RetryPolicy policy) {
        OrchestratorContext context = OrchestratorContext.newBuilder().time(time).tools(InMemoryToolContainer.of(crm))
                .random(() -> 0.5).build();
        return Coordinator.newBuilder("lead_sync").capabilities(READ).toolTimeout(Duration.ofSeconds(5)).retryPolicy(policy)
                .step(Steps.fetch("fetch_lead", "crm", p -> Map.of(), "lead_id")).build(context);
    }

    @Test
    void shouldTimeAToolCallOutWhenTimePassesItsTimeOut() {
        // given
        FakeTool crm = FakeTool.returning("crm", READ, Map.of("lead_id", "L-1")).neverAnswer();
        CompletableFuture<Envelope> run = leadSync(crm, RetryPolicy.noRetries())
                .execute(new Payload("run-1", Map.of()), ExecutionOptions.defaults()).toCompletableFuture();

        // when
        time.advance(Duration.ofMillis(4999));
        boolean doneBeforeTimeOut = run.isDone();
        time.advance(Duration.ofMillis(1));

        // then
        assertThat(doneBeforeTimeOut).isFalse();
        Envelope envelope = run.getNow(null);
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.TRANSIENT, "ToolTimeout", "fetch_lead");
        assertThat(envelope.metadata().error().message()).isEqualTo(
                "tool 'crm' failed transiently after 1 attempt: tool 'crm' did not answer within 5000 ms");
        assertThat(envelope.metadata().finishedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void shouldRetryATimedOutCallAfterTheBackOffOnTheSameTime() {
        // given
        FakeTool crm = FakeTool.returning("crm", READ, Map.of("lead_id", "L-1")).neverAnswer().neverAnswer();
        RetryPolicy twice = RetryPolicy.newBuilder().maxAttempts(2).initialDelay(Duration.ofSeconds(1)).jitter(0).build();
        CompletableFuture<Envelope> run = leadSync(crm, twice)
                .execute(new Payload("run-1", Map.of()), ExecutionOptions.defaults()).toCompletableFuture();

        // when
        time.advance(Duration.ofSeconds(5)); // first attempt times out, back-off starts
        int callsDuringBackOff = crm.callCount();
        time.advance(Duration.ofSeconds(1)); // second attempt
        time.advance(Duration.ofSeconds(5)); // times out too

        // then
        assertThat(callsDuringBackOff).isEqualTo(1);
        assertThat(crm.callCount()).isEqualTo(2);
        EnvelopeAssert.assertThat(run.getNow(null)).failedWith(FailureClass.TRANSIENT, "ToolTimeout", "fetch_lead");
        assertThat(run.getNow(null).metadata().finishedAt()).isEqualTo(T0.plusSeconds(11));
    }

    @Test
    void shouldCancelTheTimeOutOfACallThatAnswers() {
        // given
        FakeTool crm = FakeTool.returning("crm", READ, Map.of("lead_id", "L-1"));

        // when
        Envelope envelope = leadSync(crm, RetryPolicy.noRetries()).run(new Payload("run-1", Map.of()));

        // then
        EnvelopeAssert.assertThat(envelope).hasRecordKeys("L-1");
        assertThat(time.pendingDueTimes()).isEmpty();
    }
}
