package dev.orchestrators.streams.internals.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.contract.JobSchedulerContractTest;
import dev.orchestrators.core.queue.JobScheduler.CancelResult;
import dev.orchestrators.core.queue.JobScheduler;
import dev.orchestrators.core.queue.ScheduledJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskJobScheduler} keeps the {@link JobScheduler} contract together with the job store behind it: it only
 * collects what each run asks, the scheduler's task writes it to {@code <flow>.jobs} keyed by job id when the run ends,
 * and the job store ({@code JobStoreProcessor}) applies the commands in that order (a schedule replaces the job of its
 * id, a cancel deletes it) and emits each job at the first punctuation after it is due. {@link #emitWhenDue} applies
 * the drained requests the way the job store does; {@code SchedulerTopologyTest} shows the store, on a topology.
 *
 * <p>Where it differs: it answers every cancellation {@link CancelResult#REQUESTED} (the job store answers the run
 * itself), also for a job it never saw.
 */
class TaskJobSchedulerContractTest extends JobSchedulerContractTest<TaskJobScheduler> {

    @Override
    protected TaskJobScheduler newScheduler() {
        return new TaskJobScheduler();
    }

    @Override
    protected List<Emitted> emitWhenDue(TaskJobScheduler scheduler, List<String> runs) {
        Map<String, ScheduledJob> store = new LinkedHashMap<>();
        for (String run : runs) {
            for (Object request : scheduler.drain(run)) {
                if (request instanceof ScheduledJob job) {
                    store.remove(job.jobId());
                    store.put(job.jobId(), job);
                } else if (request instanceof TaskJobScheduler.Cancel cancel) {
                    store.remove(cancel.jobId());
                } else {
                    throw new AssertionError("not a job request: " + request);
                }
            }
        }
        List<Emitted> emitted = new ArrayList<>();
        store.values().forEach(job -> emitted.add(Emitted.of(job)));
        return emitted;
    }

    @Test
    void shouldHandEachRunItsOwnRequestsInTheOrderItAsked() {
        // given
        TaskJobScheduler scheduler = newScheduler();
        ScheduledJob first = job("job-1", "run-1", Duration.ofMinutes(10), "first");
        ScheduledJob other = job("job-2", "run-2", Duration.ofMinutes(10), "other");

        // when
        scheduler.schedule(first);
        scheduler.schedule(other);
        CancelResult cancelled = scheduler.cancel("job-3", "run-1");

        // then
        assertThat(cancelled).isEqualTo(CancelResult.REQUESTED);
        assertThat(scheduler.drain("run-1")).containsExactly(first, new TaskJobScheduler.Cancel("job-3"));
        assertThat(scheduler.drain("run-1")).as("drained once").isEmpty();
        assertThat(scheduler.drain("run-2")).containsExactly(other);
    }
}
