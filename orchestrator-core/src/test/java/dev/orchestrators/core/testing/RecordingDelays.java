package dev.orchestrators.core.testing;

import dev.orchestrators.core.retry.DelayScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link DelayScheduler} that skips time: every delay completes at once and is recorded. */
public final class RecordingDelays implements DelayScheduler {
    private final List<Duration> delays = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Void> delay(Duration delay) {
        delays.add(delay);
        return CompletableFuture.completedFuture(null);
    }

    /** Every delay asked for, in order. */
    public List<Duration> delays() {
        return List.copyOf(delays);
    }
}
