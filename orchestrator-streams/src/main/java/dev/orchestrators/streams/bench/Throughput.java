package dev.orchestrators.streams.bench;

/** Throughput arithmetic, kept apart so it can be tested without a broker. */
final class Throughput {
    private Throughput() {
    }

    /**
     * Records per second between the first and the last of {@code count} records: the first record
     * opens the window, so {@code count - 1} records arrive within it. 0 when fewer than two records or
     * no time passed.
     */
    static double perSecond(long count, long firstNanos, long lastNanos) {
        long elapsed = lastNanos - firstNanos;
        if (count < 2 || elapsed <= 0) {
            return 0;
        }
        return (count - 1) * 1e9 / elapsed;
    }

    /** {@code numerator / denominator}, or NaN when the denominator is not positive. */
    static double ratio(double numerator, double denominator) {
        return denominator > 0 ? numerator / denominator : Double.NaN;
    }
}
