package dev.orchestrators.core.time;

import dev.orchestrators.core.retry.DelayScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Time that stands still until it is {@link #advance advanced}: a {@link Clock}, a {@link Timer}, a
 * {@link DelayScheduler} and a {@link Sleeper} in one, for tests (shipped in main code, like Micrometer's {@code MockClock}, so
 * users can drive time in their own tests). Tool time-outs, retry back-offs and scheduled jobs that use it
 * fire when the test moves time past them, so a test of a one-hour reminder takes milliseconds.
 *
 * <pre>{@code
 * ManualTime time = ManualTime.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
 * OrchestratorContext context = OrchestratorContext.newBuilder().time(time).tools(tools).build();
 * CompletionStage<Envelope> run = orchestrator.execute(payload, ExecutionOptions.defaults());
 * time.advance(Duration.ofSeconds(30));   // the tool's time-out fires now
 * }</pre>
 *
 * <p>A loop that waits on it ({@link Sleeper#of(Clock)}) advances it by each pause: a test of "give up after a
 * minute" sees the minute pass in the number of looks the loop takes, without sleeping.
 *
 * <p>Thread-safe. Due tasks run on the thread that calls {@link #advance} (or {@link #sleep}), in due order; a task
 * scheduled by a running task with a due time already reached runs in the same call.
 */
public final class ManualTime extends Clock implements Timer, DelayScheduler, Sleeper {
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private Instant now;
    private long sequence;

    private ManualTime(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    public static ManualTime startingAt(Instant start) {
        return new ManualTime(start);
    }

    /** Moves time forward by {@code amount} and runs every task that has become due, in due order. */
    public void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("time only moves forward, was " + amount);
        }
        Instant target;
        synchronized (this) {
            target = now.plus(amount);
        }
        while (true) {
            Entry next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due.isAfter(target)) {
                    now = target;
                    return;
                }
                queue.poll();
                if (next.due.isAfter(now)) {
                    now = next.due;
                }
            }
            if (!next.cancelled) {
                next.task.run();
            }
        }
    }

    /** Sleeping on manual time is moving it: {@link #advance advances} it by {@code duration} (nothing for zero or less). */
    @Override
    public void sleep(Duration duration) {
        if (!duration.isNegative() && !duration.isZero()) {
            advance(duration);
        }
    }

    /** Tasks scheduled and not yet run or cancelled (for tests' diagnostics). */
    public synchronized List<Instant> pendingDueTimes() {
        List<Instant> due = new ArrayList<>();
        queue.stream().filter(e -> !e.cancelled).sorted().forEach(e -> due.add(e.due));
        return due;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("ManualTime is always UTC");
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        Entry entry;
        synchronized (this) {
            entry = new Entry(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, task);
            queue.add(entry);
        }
        return () -> entry.cancelled = true;
    }

    /** A stage that completes when time has been advanced by {@code delay} (at once for zero). */
    @Override
    public CompletionStage<Void> delay(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        schedule(delay, () -> done.complete(null));
        return done;
    }

    private static final class Entry implements Comparable<Entry> {
        final Instant due;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Entry(Instant due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Entry other) {
            int byTime = due.compareTo(other.due);
            return byTime != 0 ? byTime : Long.compare(seq, other.seq);
        }
    }
}
