package dev.orchestrators.streams.internals.engine;

import dev.orchestrators.core.queue.JobScheduler;
import dev.orchestrators.core.queue.ScheduledJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The job scheduler a scheduler's task gives its orchestrator: it only collects what each run asks for,
 * and the task writes it to {@code <flow>.jobs} with the run's answer, in the same transaction. Cancelling
 * is answered later by the job store ({@link JobScheduler.CancelResult#REQUESTED}). Thread-safe.
 */
public final class TaskJobScheduler implements JobScheduler {
    private final Map<String, List<Object>> byRun = new ConcurrentHashMap<>();

    @Override
    public void schedule(ScheduledJob job) {
        add(job.runId(), job);
    }

    @Override
    public CancelResult cancel(String jobId, String runId) {
        add(runId, new Cancel(jobId));
        return CancelResult.REQUESTED;
    }

    private void add(String runId, Object request) {
        byRun.compute(runId, (id, list) -> {
            List<Object> updated = list == null ? new ArrayList<>() : list;
            updated.add(request);
            return updated;
        });
    }

    /** Removes and returns what run {@code runId} asked for: {@link ScheduledJob}s and {@link Cancel}s. */
    public List<Object> drain(String runId) {
        List<Object> list = byRun.remove(runId);
        return list == null ? List.of() : list;
    }

    /** A run asked to cancel {@code jobId}. */
    public record Cancel(String jobId) {
    }
}
