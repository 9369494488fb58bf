package dev.orchestrators.core.replay;

import dev.orchestrators.core.queue.JobScheduler;
import dev.orchestrators.core.queue.ScheduledJob;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The job scheduler of a replay: schedules nothing (a replay never emits a follow-up; the jobs it would have
 * scheduled are kept, for inspection) and answers a cancellation as the recorded run's cancellation was answered.
 */
public final class ReplayJobs implements JobScheduler {
    private final Function<String, Recording> recordings;
    private final List<ScheduledJob> planned = new CopyOnWriteArrayList<>();

    public ReplayJobs(Function<String, Recording> recordings) {
        this.recordings = Objects.requireNonNull(recordings, "recordings");
    }

    @Override
    public void schedule(ScheduledJob job) {
        planned.add(Objects.requireNonNull(job, "job"));
    }

    @Override
    public CancelResult cancel(String jobId, String runId) {
        return recordings.apply(runId).cancellation(jobId).map(status -> switch (status) {
            case "cancelled" -> CancelResult.CANCELLED;
            case "cancel_requested" -> CancelResult.REQUESTED;
            default -> CancelResult.NOT_FOUND;
        }).orElse(CancelResult.NOT_FOUND);
    }

    /** The jobs the replayed runs would have scheduled (never emitted). */
    public List<ScheduledJob> planned() {
        return List.copyOf(planned);
    }
}
