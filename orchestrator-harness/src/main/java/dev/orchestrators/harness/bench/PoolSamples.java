package dev.orchestrators.harness.bench;

/** Samples of a connection pool seen from the database: connections busy with a statement, and open. Thread-safe. */
final class PoolSamples {
    private long samples;
    private long activeSum;
    private int activeMax;
    private int openMax;
    private int failures;
    private String lastFailure = "";

    synchronized void add(int active, int open) {
        samples++;
        activeSum += active;
        activeMax = Math.max(activeMax, active);
        openMax = Math.max(openMax, open);
    }

    synchronized void failed(Exception e) {
        failures++;
        lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    synchronized double meanActive() {
        return samples == 0 ? 0 : (double) activeSum / samples;
    }

    @Override
    public synchronized String toString() {
        return String.format("busy %.1f on average, %d at most, %d open at most (%d samples every 100 ms%s)", meanActive(),
                activeMax, openMax, samples, failures == 0 ? "" : ", " + failures + " failed: " + lastFailure);
    }
}
