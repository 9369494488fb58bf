package dev.orchestrators.core.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs tasks on threads of their own, released together by one gate so that they overlap as much as a machine
 * lets them, and waits for all of them: the contracts' thread-safety clauses. A task's failure fails the caller.
 */
public final class Concurrently {
    private static final long TIMEOUT_SECONDS = 60;

    private Concurrently() {
    }

    /** A task of one thread; {@code thread} is its index. */
    @FunctionalInterface
    public interface Task {
        void run(int thread) throws Exception;
    }

    /**
     * Runs {@code task} on {@code threads} threads at once and returns when every one has finished.
     *
     * @throws AssertionError naming the first task that failed or did not finish within a minute
     */
    public static void run(int threads, Task task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int thread = i;
                running.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    task.run(thread);
                    return null;
                }));
            }
            if (!ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the " + threads + " threads did not start within " + TIMEOUT_SECONDS + " s");
            }
            go.countDown();
            for (int i = 0; i < running.size(); i++) {
                try {
                    running.get(i).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new AssertionError("thread " + i + " failed: " + e.getCause(), e.getCause());
                } catch (TimeoutException e) {
                    throw new AssertionError("thread " + i + " did not finish within " + TIMEOUT_SECONDS + " s", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the threads", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
