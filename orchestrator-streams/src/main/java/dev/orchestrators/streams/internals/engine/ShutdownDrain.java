package dev.orchestrators.streams.internals.engine;

import dev.orchestrators.core.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets an orderly shutdown finish the runs in flight before Kafka Streams takes its final commit. While
 * draining, the flow's processors start no new runs (they still admit requests into the pending store),
 * and keep forwarding runs as they finish; once none is running, or the deadline passes, the runtime
 * closes Kafka Streams, whose final commit then includes those envelopes. Whatever is still pending is
 * resumed by the next owner. The deadline is read from the flow's clock (the orchestrator context's), so a test on
 * {@link dev.orchestrators.core.time.ManualTime} drives it. Thread-safe.
 */
public final class ShutdownDrain {
    /** How often {@link #awaitIdle} looks whether the runs have finished. */
    static final Duration POLL = Duration.ofMillis(10);

    private final AtomicInteger running = new AtomicInteger();
    private final Clock clock;
    private volatile boolean draining;

    /** A drain on real time. */
    public ShutdownDrain() {
        this(Clock.systemUTC());
    }

    /** A drain whose {@link #awaitIdle} deadline is read from {@code clock}, pausing on {@link Sleeper#of(Clock)}. */
    public ShutdownDrain(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

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
        Instant deadline = clock.instant().plus(timeout);
        Sleeper sleeper = Sleeper.of(clock);
        while (running.get() > 0 && clock.instant().isBefore(deadline)) {
            try {
                sleeper.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return running.get() <= 0;
    }
}
