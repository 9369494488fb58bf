package dev.orchestrators.broker;

import java.time.Duration;

/**
 * The moment, on the {@link System#nanoTime()} clock, by which every step of one start must be done: the steps share
 * one startup timeout instead of each having its own.
 *
 * @param nanos the deadline as a {@code System.nanoTime()} value
 */
record Deadline(long nanos) {

    /** The deadline {@code timeout} from now. */
    static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /** The nanoseconds left, 0 once the deadline has passed. */
    long remainingNanos() {
        return Math.max(0, nanos - System.nanoTime());
    }

    boolean hasPassed() {
        return remainingNanos() == 0;
    }
}
