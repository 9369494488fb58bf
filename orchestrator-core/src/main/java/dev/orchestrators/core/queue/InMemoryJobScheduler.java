package dev.orchestrators.core.queue;

import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.time.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs in memory, fired on a {@link Timer} into a {@link JobQueue} as runs of their target flow (for
 * {@code Worker} and tests; with {@code ManualTime} a one-hour reminder fires when the test advances an
 * hour). Not durable: the Kafka runtime keeps jobs in a changelogged store instead. Thread-safe.
 */
public final class InMemoryJobScheduler implements JobScheduler {
    private final Timer timer;
    private final Clock clock;
    private final JobQueue queue;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public InMemoryJobScheduler(Timer timer, Clock clock, JobQueue queue) {
        this.timer = Objects.requireNonNull(timer, "timer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    @Override
    public void schedule(ScheduledJob job) {
        Duration wait = Duration.between(clock.instant(), job.dueAt());
        Pending entry = new Pending(job);
        Pending replaced = pending.put(job.jobId(), entry);
        if (replaced != null) {
            replaced.handle.cancel();
        }
        entry.handle = timer.schedule(wait.isNegative() ? Duration.ZERO : wait, () -> fire(entry));
    }

    private void fire(Pending entry) {
        if (pending.remove(entry.job.jobId(), entry)) {
            queue.enqueue(new Job(entry.job.target(), new Payload(entry.job.jobId(), entry.job.payload()), clock.instant()));
        }
    }

    @Override
    public CancelResult cancel(String jobId, String runId) {
        Pending entry = pending.remove(jobId);
        if (entry == null) {
            return CancelResult.NOT_FOUND;
        }
        entry.handle.cancel();
        return CancelResult.CANCELLED;
    }

    /** The jobs still pending (for tests). */
    public List<ScheduledJob> pendingJobs() {
        return pending.values().stream().map(p -> p.job).toList();
    }

    private static final class Pending {
        final ScheduledJob job;
        volatile Timer.Cancellable handle = () -> { };

        Pending(ScheduledJob job) {
            this.job = job;
        }
    }
}
