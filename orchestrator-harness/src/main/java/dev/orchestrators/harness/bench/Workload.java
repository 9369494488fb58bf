package dev.orchestrators.harness.bench;

import java.time.Duration;
import java.util.OptionalLong;

/** The thing a scenario measures: it reads {@link WorkloadSpec#inputTopic()} and writes {@link WorkloadSpec#outputTopic()}. */
interface Workload extends AutoCloseable {

    /**
     * Whether the backlog is produced before {@link #start()}. In-process workers take a true backlog;
     * child-process workers get the backlog once their group is stable, so a late joiner does not cause a
     * rebalance mid-measurement (they process far slower than the loader produces, so they still see a backlog).
     */
    boolean preloadBeforeStart();

    void start() throws Exception;

    /** Blocks until the workload reads its input. */
    void awaitReady(Duration timeout) throws Exception;

    /** Skips any unread input (only for workloads measured for a fixed time rather than to the end of the backlog). */
    default void skipBacklog(Duration timeout) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " always drains its backlog");
    }

    /** CPU time used so far by the worker processes, when they are separate from the bench JVM. */
    default OptionalLong workerCpuNanos() {
        return OptionalLong.empty();
    }

    @Override
    void close() throws Exception;
}
