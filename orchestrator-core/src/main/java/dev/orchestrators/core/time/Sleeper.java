package dev.orchestrators.core.time;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Pauses the calling thread, on the time a component's deadlines are read from. A loop that waits for something
 * ("until the flows run, at most a minute") reads its deadline from a {@link Clock} and pauses between looks
 * through the sleeper of that clock, {@link #of(Clock)}: on real time the thread sleeps; on {@link ManualTime} the
 * pause moves time forward instead (as Kafka's {@code MockTime.sleep} does), so a test of a one-minute wait runs
 * in microseconds and sees exactly how many looks it took.
 *
 * <pre>{@code
 * Instant deadline = clock.instant().plus(timeout);
 * Sleeper sleeper = Sleeper.of(clock);
 * while (!done()) {
 *     if (!clock.instant().isBefore(deadline)) {
 *         throw new IllegalStateException("not done after " + timeout);
 *     }
 *     sleeper.sleep(Duration.ofMillis(50));
 * }
 * }</pre>
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Returns after {@code duration} has passed on this sleeper's time (at once for zero or less).
     *
     * @throws InterruptedException when the thread is interrupted while it sleeps on real time
     */
    void sleep(Duration duration) throws InterruptedException;

    /** Real time: {@link Thread#sleep}. */
    static Sleeper system() {
        return duration -> {
            if (!duration.isNegative() && !duration.isZero()) {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            }
        };
    }

    /**
     * The sleeper whose pauses pass on {@code clock}: the clock itself when it is a sleeper ({@link ManualTime}),
     * else {@link #system()}. A clock that neither moves nor sleeps (a fixed clock) never reaches a deadline.
     */
    static Sleeper of(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return clock instanceof Sleeper sleeper ? sleeper : system();
    }
}
