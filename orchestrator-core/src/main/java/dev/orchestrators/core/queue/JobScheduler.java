package dev.orchestrators.core.queue;

import dev.orchestrators.core.errors.ConfigurationException;

/**
 * Where a {@link Scheduler} puts the jobs it plans. In process, {@link InMemoryJobScheduler} fires them on
 * the runtime's timer into a job queue; the Kafka runtime keeps them in a persistent, changelogged store
 * and emits each once, when due, from a wall-clock punctuation. Implementations must be thread-safe.
 * {@code JobSchedulerContractTest} (core's test-jar) is the contract every implementation runs.
 */
public interface JobScheduler {

    /**
     * Schedules {@code job}; a job with the same id is replaced.
     *
     * @throws NullPointerException when {@code job} is null
     */
    void schedule(ScheduledJob job);

    /** Cancels job {@code jobId}, asked by run {@code runId}. */
    CancelResult cancel(String jobId, String runId);

    /** What a cancellation did. */
    enum CancelResult {
        /** The job was pending and will not be emitted. */
        CANCELLED,
        /** No such job is pending (unknown, emitted already, or cancelled before). */
        NOT_FOUND,
        /** The runtime cancels it later and answers the run itself. */
        REQUESTED
    }

    /** A scheduler that refuses: a context built without one. */
    static JobScheduler unavailable() {
        return new JobScheduler() {
            @Override
            public void schedule(ScheduledJob job) {
                throw new ConfigurationException("no job scheduler: build the OrchestratorContext with jobs(...) "
                        + "(InMemoryJobScheduler in process; the Kafka runtime provides its own)");
            }

            @Override
            public CancelResult cancel(String jobId, String runId) {
                schedule(null);
                return CancelResult.NOT_FOUND;
            }
        };
    }
}
