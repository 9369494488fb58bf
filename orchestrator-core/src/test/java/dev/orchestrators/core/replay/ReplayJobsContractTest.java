package dev.orchestrators.core.replay;

import static dev.orchestrators.core.replay.ReplayRecordings.RUN;
import static dev.orchestrators.core.replay.ReplayRecordings.cancellation;
import static dev.orchestrators.core.replay.ReplayRecordings.recorded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.contract.JobSchedulerContractTest;
import dev.orchestrators.core.queue.JobScheduler.CancelResult;
import dev.orchestrators.core.queue.JobScheduler;
import dev.orchestrators.core.queue.ScheduledJob;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ReplayJobs} keeps the {@link JobScheduler} contract's clauses that do not emit. The difference by design: it
 * never emits (a replay never sends a follow-up); it keeps every job it is asked to schedule, for inspection, replaced
 * or not, and answers a cancellation as the recorded run's was answered ({@code NOT_FOUND} when nothing was recorded).
 */
class ReplayJobsContractTest extends JobSchedulerContractTest<ReplayJobs> {

    @Override
    protected ReplayJobs newScheduler() {
        return new ReplayJobs(ReplayRecordings.nothingRecorded());
    }

    @Override
    protected List<Emitted> emitWhenDue(ReplayJobs scheduler, List<String> runs) {
        return List.of();
    }

    @Override
    protected boolean emitsJobs() {
        return false;
    }

    @Test
    void shouldKeepEveryJobItWasAskedToScheduleAndEmitNone() {
        // given
        ReplayJobs jobs = newScheduler();
        ScheduledJob first = job("job-1", RUN, Duration.ofMinutes(10), "first");
        ScheduledJob second = job("job-1", RUN, Duration.ofMinutes(20), "second");

        // when
        jobs.schedule(first);
        jobs.schedule(second);

        // then
        assertThat(jobs.planned()).containsExactly(first, second);
    }

    @Test
    void shouldAnswerACancellationAsTheRecordedRunsWasAnswered() {
        // given
        ReplayJobs jobs = new ReplayJobs(recorded(cancellation("job-1", "cancelled"), cancellation("job-2", "cancel_requested"),
                cancellation("job-3", "not_found")));

        // then
        assertThat(jobs.cancel("job-1", RUN)).isEqualTo(CancelResult.CANCELLED);
        assertThat(jobs.cancel("job-2", RUN)).isEqualTo(CancelResult.REQUESTED);
        assertThat(jobs.cancel("job-3", RUN)).isEqualTo(CancelResult.NOT_FOUND);
        assertThat(jobs.cancel("job-4", RUN)).isEqualTo(CancelResult.NOT_FOUND);
    }
}
