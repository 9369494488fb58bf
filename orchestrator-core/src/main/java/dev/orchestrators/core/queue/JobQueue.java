package dev.orchestrators.core.queue;

import java.util.Optional;

/**
 * Where runs wait for a worker. {@link InMemoryQueue} serves tests and the broker-less path; the Kafka
 * runtime's queue is the flow's request topic. Implementations must be thread-safe.
 */
public interface JobQueue {

    void enqueue(Job job);

    /** Removes and returns the oldest job, if any. */
    Optional<Job> poll();

    int size();
}
