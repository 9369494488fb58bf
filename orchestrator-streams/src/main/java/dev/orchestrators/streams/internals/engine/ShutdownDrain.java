package dev.orchestrators.streams.internals.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets an orderly shutdown finish the runs in flight before Kafka Streams takes its final commit. While
 * draining, the flow's processors start no new runs (they still admit requests into the pending store),
 * and keep forwarding runs as they finish; once none is running, or the deadline passes, the runtime
 * closes Kafka Streams, whose final commit then includes those envelopes. Whatever is still pending is
 * resumed by the next owner. Thread-safe.
 */
public final class ShutdownDrain {
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean draining;

    /** Stops new runs from starting. */
    public void begin() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    public void runStarted() {
        running.incrementAndGet();
    }

    public void runsEnded(int count) {
        running.addAndGet(-count);
    }

    /** Runs started and not yet answered, over every task of the flow in this instance. */
    public int running() {
        return running.get();
    }

    /**
     * Waits until no run is in flight or {@code timeout} passes.
     *
     * @return true when nothing is running any more
     */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return running.get() <= 0;
    }
}
