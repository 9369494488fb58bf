package dev.orchestrators.core.retry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Waits without holding a thread: the stage completes after the delay. Orchestrators wait for retry
 * back-off through this, never with {@code Thread.sleep}, so a waiting run costs no thread and tests
 * can skip time.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface DelayScheduler {

    CompletionStage<Void> delay(Duration delay);

    /** Real time, on the JDK's shared delayed executor. */
    static DelayScheduler system() {
        return delay -> {
            if (delay.isZero() || delay.isNegative()) {
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.runAsync(() -> { },
                    CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS));
        };
    }
}
