package dev.orchestrators.core.kinds.sampler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link TelemetrySink} that keeps every snapshot, for tests; {@link #await} waits for asynchronous ones. Thread-safe. */
public final class RecordingTelemetrySink implements TelemetrySink {
    private final List<TelemetrySnapshot> snapshots = new ArrayList<>();

    @Override
    public synchronized void publish(TelemetrySnapshot snapshot) {
        snapshots.add(snapshot);
        notifyAll();
    }

    /** Every snapshot published so far, in order. */
    public synchronized List<TelemetrySnapshot> snapshots() {
        return List.copyOf(snapshots);
    }

    /**
     * Waits until at least {@code count} snapshots were published, at most {@code timeout}.
     *
     * @return whether they were
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public synchronized boolean await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (snapshots.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** The run ids of the snapshots, in order. */
    public synchronized List<String> runIds() {
        List<String> ids = new ArrayList<>(snapshots.size());
        snapshots.forEach(s -> ids.add(s.runId()));
        return ids;
    }
}
