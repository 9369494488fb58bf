package dev.orchestrators.core.retry;

import dev.orchestrators.core.time.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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

    /** Real time, on the shared {@link Timer#system() system timer}. */
    static DelayScheduler system() {
        return on(Timer.system());
    }

    /** Waits on {@code timer}: the runtime's clock decides when a back-off is over. */
    static DelayScheduler on(Timer timer) {
        Objects.requireNonNull(timer, "timer");
        return delay -> {
            if (delay.isZero() || delay.isNegative()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            timer.schedule(delay, () -> done.complete(null));
            return done;
        };
    }
}
