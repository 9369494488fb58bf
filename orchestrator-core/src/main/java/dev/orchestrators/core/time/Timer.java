package dev.orchestrators.core.time;

import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay without holding a thread while it waits. Orchestrators time tool calls out
 * through the runtime's timer, so a test that controls time ({@link ManualTime}) controls time-outs too.
 *
 * <p>Implementations must be thread-safe; tasks must be short and must not block.
 */
@FunctionalInterface
public interface Timer {

    /**
     * Schedules {@code task} to run once after {@code delay}.
     *
     * @return a handle whose {@link Cancellable#cancel()} stops a task that has not run yet
     */
    Cancellable schedule(Duration delay, Runnable task);

    /**
     * Real time: one shared daemon thread keeps the schedule and hands due tasks to the common fork-join
     * pool (as {@code CompletableFuture.delayedExecutor} does); cancelled tasks are removed at once.
     */
    static Timer system() {
        return SystemTimer.INSTANCE;
    }

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Stops the task if it has not run yet; does nothing otherwise. */
        void cancel();
    }

    /** The JVM-wide real-time timer. */
    final class SystemTimer implements Timer {
        static final SystemTimer INSTANCE = new SystemTimer();
        private final ScheduledThreadPoolExecutor executor;

        private SystemTimer() {
            executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = new Thread(r, "orchestrator-timer");
                thread.setDaemon(true);
                return thread;
            });
            // Most time-outs are cancelled because the call answered: drop them from the queue at once,
            // so thousands of calls in flight do not leave thousands of dead entries behind.
            executor.setRemoveOnCancelPolicy(true);
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            ScheduledFuture<?> future = executor.schedule(() -> ForkJoinPool.commonPool().execute(task),
                    Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        }
    }
}
