package dev.orchestrators.tools;

import dev.orchestrators.core.errors.SaturatedException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a blocking client's calls (JDBC, SMTP) on threads of their own, never on the caller's (a Kafka Streams
 * thread): at most {@code threads} calls at once, sized to the resource they use (the connection pool, the SMTP
 * sessions), and at most {@code queue} more waiting. A call beyond that is not queued: its stage fails at once
 * with a transient {@link SaturatedException}, which the retry policy backs off from, so a slow system pushes
 * back on the flow instead of growing an unbounded queue or a thread per call.
 *
 * <p>Threads are named {@code tool-<name>-<n>} (tests assert on the name) and are daemons. Thread-safe.
 */
public final class BlockingCalls implements AutoCloseable {
    private final String tool;
    private final ThreadPoolExecutor executor;
    private final Semaphore slots;
    private final AdapterMeters meters;
    private final int threads;
    private final int queue;

    /**
     * @param tool    the tool's name, for thread names, meters and messages
     * @param threads calls that run at once (at least 1)
     * @param queue   calls that may wait for a thread (0: none wait)
     * @throws IllegalArgumentException when {@code threads < 1} or {@code queue < 0}
     */
    public BlockingCalls(String tool, int threads, int queue, AdapterMeters meters) {
        this.tool = Objects.requireNonNull(tool, "tool");
        this.meters = Objects.requireNonNull(meters, "meters");
        if (threads < 1 || queue < 0) {
            throw new IllegalArgumentException("tool '" + tool + "' needs threads >= 1 and queue >= 0, was " + threads + " and " + queue);
        }
        this.threads = threads;
        this.queue = queue;
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread thread = new Thread(r, "tool-" + tool + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.slots = new Semaphore(threads + queue);
        // The slots bound the calls; the executor's queue has room for all of them, and for a call submitted by the
        // completion of another while that one's thread is still finishing (its slot is free already).
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads + queue),
                factory, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        meters.pool(this::inUse, this::waiting, threads);
    }

    /**
     * Starts {@code work} on a thread of its own and returns its stage; when every thread is busy and the queue is
     * full, the stage fails at once with {@link SaturatedException} (and {@code work} never runs).
     */
    public <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!slots.tryAcquire()) {
            meters.saturated();
            result.completeExceptionally(new SaturatedException("tool '" + tool + "' is saturated: " + threads
                    + " call(s) running and " + queue + " waiting; retry after a back-off"));
            return result;
        }
        try {
            executor.execute(() -> run(work, result));
        } catch (RejectedExecutionException e) {
            slots.release();
            result.completeExceptionally(new IllegalStateException("tool '" + tool + "' is closed", e));
        }
        return result;
    }

    /** Runs {@code work}; its slot is free before its stage completes, so a call the completion starts finds room. */
    private static <T> void run(Callable<T> work, CompletableFuture<T> result, Semaphore slots) {
        T value = null;
        Throwable failure = null;
        try {
            value = work.call();
        } catch (Throwable t) {
            failure = t;
        } finally {
            slots.release();
        }
        if (failure == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(failure);
        }
    }

    private <T> void run(Callable<T> work, CompletableFuture<T> result) {
        run(work, result, slots);
    }

    /** Calls it takes at once before it refuses one as {@link SaturatedException}: its threads and its queue. */
    public int capacity() {
        return threads + queue;
    }

    /** Calls running now. */
    public int inUse() {
        return executor.getActiveCount();
    }

    /** Calls waiting for a thread now. */
    public int waiting() {
        return executor.getQueue().size();
    }

    /** Stops taking calls and lets running ones finish (up to 5 s). */
    @Override
    public void close() {
        meters.removePool();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
