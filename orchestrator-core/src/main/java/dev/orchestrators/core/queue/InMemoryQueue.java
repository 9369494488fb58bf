package dev.orchestrators.core.queue;

import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A thread-safe FIFO {@link JobQueue} in memory. */
public final class InMemoryQueue implements JobQueue {
    private final ConcurrentLinkedQueue<Job> jobs = new ConcurrentLinkedQueue<>();

    @Override
    public void enqueue(Job job) {
        jobs.add(job);
    }

    @Override
    public Optional<Job> poll() {
        return Optional.ofNullable(jobs.poll());
    }

    @Override
    public int size() {
        return jobs.size();
    }

    public boolean isEmpty() {
        return jobs.isEmpty();
    }
}
