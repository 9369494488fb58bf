package dev.orchestrators.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.contract.JobSchedulerContractTest;
import dev.orchestrators.core.queue.JobScheduler.CancelResult;
import dev.orchestrators.core.time.ManualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link InMemoryJobScheduler} keeps the {@link JobScheduler} contract: it fires each job on its timer, at its due
 * time, into a job queue (here on {@link ManualTime}, which the test advances). It answers a cancellation itself:
 * {@code CANCELLED} or {@code NOT_FOUND}, never {@code REQUESTED}.
 */
class InMemoryJobSchedulerContractTest extends JobSchedulerContractTest<InMemoryJobScheduler> {
    private final Map<InMemoryJobScheduler, ManualTime> times = new IdentityHashMap<>();
    private final Map<InMemoryJobScheduler, InMemoryQueue> queues = new IdentityHashMap<>();

    @Override
    protected InMemoryJobScheduler newScheduler() {
        ManualTime time = ManualTime.startingAt(NOW);
        InMemoryQueue queue = new InMemoryQueue();
        InMemoryJobScheduler scheduler = new InMemoryJobScheduler(time, time, queue);
        times.put(scheduler, time);
        queues.put(scheduler, queue);
        return scheduler;
    }

    @Override
    protected List<Emitted> emitWhenDue(InMemoryJobScheduler scheduler, List<String> runs) {
        times.get(scheduler).advance(Duration.ofHours(1));
        return drain(queues.get(scheduler));
    }

    private static List<Emitted> drain(InMemoryQueue queue) {
        List<Emitted> emitted = new ArrayList<>();
        for (Optional<Job> next = queue.poll(); next.isPresent(); next = queue.poll()) {
            emitted.add(new Emitted(next.get().payload().runId(), next.get().flow(), next.get().payload().data()));
        }
        return emitted;
    }

    @Test
    void shouldFireAJobAtItsDueTimeAndNotBefore() {
        // given
        InMemoryJobScheduler scheduler = newScheduler();
        ScheduledJob reminder = job("job-1", "run-1", Duration.ofMinutes(30), "reminder");
        scheduler.schedule(reminder);

        // when
        times.get(scheduler).advance(Duration.ofMinutes(29));
        List<Emitted> early = drain(queues.get(scheduler));
        times.get(scheduler).advance(Duration.ofMinutes(1));

        // then
        assertThat(early).isEmpty();
        assertThat(drain(queues.get(scheduler))).containsExactly(Emitted.of(reminder));
        assertThat(scheduler.pendingJobs()).isEmpty();
    }

    @Test
    void shouldAnswerCancelledForAPendingJobAndNotFoundAfterwards() {
        // given
        InMemoryJobScheduler scheduler = newScheduler();
        scheduler.schedule(job("job-1", "run-1", Duration.ofMinutes(30), "reminder"));

        // then
        assertThat(scheduler.cancel("job-1", "run-1")).isEqualTo(CancelResult.CANCELLED);
        assertThat(scheduler.cancel("job-1", "run-1")).isEqualTo(CancelResult.NOT_FOUND);
    }
}
