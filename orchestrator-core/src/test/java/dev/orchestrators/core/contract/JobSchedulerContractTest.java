package dev.orchestrators.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrators.core.queue.JobScheduler;
import dev.orchestrators.core.queue.JobScheduler.CancelResult;
import dev.orchestrators.core.queue.ScheduledJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link JobScheduler}, which every implementation runs: a subclass makes {@link #newScheduler} and
 * shows in {@link #emitWhenDue} what the scheduler, with the runtime behind it, emits once every due time has passed.
 *
 * <p>The clauses: a scheduled job is emitted once, when due (one due already, at once); scheduling a job id again
 * replaces the job; a job whose cancellation was answered {@link CancelResult#CANCELLED} or
 * {@link CancelResult#REQUESTED} is not emitted, whichever run asked; cancelling one job leaves the others; a job never
 * scheduled, or cancelled already, is never answered {@code CANCELLED}; a {@code null} job is refused with a
 * {@link NullPointerException}; jobs scheduled from many threads are each emitted once.
 *
 * <p>When a job is emitted relative to its due time is each implementation's own test: one on a timer fires at the due
 * time, the Kafka runtime at the first punctuation after it. A scheduler that never emits (a replay's) says so with
 * {@link #emitsJobs()}: the clauses about emitting are then skipped, and its own test shows what it does instead.
 *
 * @param <J> the scheduler type
 */
public abstract class JobSchedulerContractTest<J extends JobScheduler> {
    /** When every test starts. */
    protected static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    /** A new scheduler with no jobs, whose time is {@link #NOW}. */
    protected abstract J newScheduler();

    /**
     * Lets time pass every due date (an hour is enough) and answers the jobs emitted since the last call, in the order
     * emitted. {@code runs} are the runs that used the scheduler since the last call, in the order they did (a
     * scheduler that collects each run's requests is handed them when the run ends).
     */
    protected abstract List<Emitted> emitWhenDue(J scheduler, List<String> runs);

    /** Whether the scheduler emits jobs at all; false for one that only keeps what it is asked (a replay's). */
    protected boolean emitsJobs() {
        return true;
    }

    /** A job as emitted: the follow-up run's id (the job id), its target flow and its payload. */
    public record Emitted(String jobId, String target, Map<String, Object> payload) {
        public Emitted {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(target, "target");
            payload = Map.copyOf(payload);
        }

        public static Emitted of(ScheduledJob job) {
            return new Emitted(job.jobId(), job.target(), job.payload());
        }
    }

    @Test
    void shouldEmitAScheduledJobOnceWhenItIsDue() {
        requireEmitting();
        // given
        J scheduler = newScheduler();
        ScheduledJob reminder = job("job-1", "run-1", Duration.ofMinutes(30), "reminder");

        // when
        scheduler.schedule(reminder);

        // then
        assertThat(emitWhenDue(scheduler, List.of("run-1"))).containsExactly(Emitted.of(reminder));
        assertThat(emitWhenDue(scheduler, List.of())).as("emitted once").isEmpty();
    }

    @Test
    void shouldEmitAJobThatIsDueAlready() {
        requireEmitting();
        // given
        J scheduler = newScheduler();
        ScheduledJob late = job("job-1", "run-1", Duration.ofMinutes(-5), "late");

        // when
        scheduler.schedule(late);

        // then
        assertThat(emitWhenDue(scheduler, List.of("run-1"))).containsExactly(Emitted.of(late));
    }

    @Test
    void shouldReplaceAJobScheduledAgainUnderItsId() {
        requireEmitting();
        // given
        J scheduler = newScheduler();
        ScheduledJob replaced = job("job-1", "run-1", Duration.ofMinutes(10), "first");
        ScheduledJob replacement = job("job-1", "run-1", Duration.ofMinutes(20), "second");

        // when
        scheduler.schedule(replaced);
        scheduler.schedule(replacement);

        // then
        assertThat(emitWhenDue(scheduler, List.of("run-1"))).containsExactly(Emitted.of(replacement));
    }

    @Test
    void shouldNotEmitAJobWhoseCancellationWasAnsweredCancelledOrRequested() {
        requireEmitting();
        // given
        J scheduler = newScheduler();
        scheduler.schedule(job("job-1", "run-1", Duration.ofMinutes(30), "reminder"));

        // when
        CancelResult result = scheduler.cancel("job-1", "run-1");

        // then
        assertThat(result).isIn(CancelResult.CANCELLED, CancelResult.REQUESTED);
        assertThat(emitWhenDue(scheduler, List.of("run-1"))).isEmpty();
    }

    @Test
    void shouldLetAnotherRunCancelAJobByItsId() {
        requireEmitting();
        // given a job scheduled by one run
        J scheduler = newScheduler();
        scheduler.schedule(job("job-1", "run-1", Duration.ofMinutes(30), "reminder"));

        // when another run cancels it
        CancelResult result = scheduler.cancel("job-1", "run-2");

        // then
        assertThat(result).isIn(CancelResult.CANCELLED, CancelResult.REQUESTED);
        assertThat(emitWhenDue(scheduler, List.of("run-1", "run-2"))).isEmpty();
    }

    @Test
    void shouldLeaveOtherJobsWhenOneIsCancelled() {
        requireEmitting();
        // given
        J scheduler = newScheduler();
        ScheduledJob kept = job("job-2", "run-1", Duration.ofMinutes(30), "kept");
        scheduler.schedule(job("job-1", "run-1", Duration.ofMinutes(30), "cancelled"));
        scheduler.schedule(kept);

        // when
        scheduler.cancel("job-1", "run-1");

        // then
        assertThat(emitWhenDue(scheduler, List.of("run-1"))).containsExactly(Emitted.of(kept));
    }

    @Test
    void shouldEmitEveryJobScheduledFromManyThreadsOnce() {
        requireEmitting();
        // given
        J scheduler = newScheduler();
        int threads = 4;
        int perThread = 50;
        List<String> runs = new ArrayList<>();
        List<Emitted> expected = new ArrayList<>();
        for (int thread = 0; thread < threads; thread++) {
            runs.add("run-" + thread);
            for (int i = 0; i < perThread; i++) {
                expected.add(Emitted.of(job("job-" + thread + "-" + i, "run-" + thread, Duration.ofMinutes(i), "n")));
            }
        }

        // when each thread schedules jobs of its own run
        Concurrently.run(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                scheduler.schedule(job("job-" + thread + "-" + i, "run-" + thread, Duration.ofMinutes(i), "n"));
            }
        });

        // then
        assertThat(emitWhenDue(scheduler, runs)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldNeverAnswerCancelledForAJobNeverScheduled() {
        // given
        J scheduler = newScheduler();

        // then
        assertThat(scheduler.cancel("job-never", "run-1")).isIn(CancelResult.NOT_FOUND, CancelResult.REQUESTED);
    }

    @Test
    void shouldNeverAnswerCancelledTwiceForOneJob() {
        // given
        J scheduler = newScheduler();
        scheduler.schedule(job("job-1", "run-1", Duration.ofMinutes(30), "reminder"));
        scheduler.cancel("job-1", "run-1");

        // then
        assertThat(scheduler.cancel("job-1", "run-1")).isIn(CancelResult.NOT_FOUND, CancelResult.REQUESTED);
    }

    @Test
    void shouldRefuseANullJob() {
        // given
        J scheduler = newScheduler();

        // then
        assertThatThrownBy(() -> scheduler.schedule(null)).isInstanceOf(NullPointerException.class);
        if (emitsJobs()) {
            assertThat(emitWhenDue(scheduler, List.of())).isEmpty();
        }
    }

    private void requireEmitting() {
        assumeTrue(emitsJobs(), "this scheduler never emits; its own test says what it does instead");
    }

    /** Job {@code jobId} of {@code runId}, due {@code in} from {@link #NOW}, to flow {@code follow_up}. */
    protected static ScheduledJob job(String jobId, String runId, Duration in, String note) {
        return new ScheduledJob(jobId, runId, "reminders", null, "follow_up", NOW.plus(in), Map.of("note", note), NOW);
    }
}
