package dev.orchestrators.harness.bench;

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

    /**
     * Records per second between the arrivals of the 10th and the 90th percentile record, counting the records
     * that arrived after the first of those instants up to and including the second. Under exactly_once_v2,
     * output becomes readable in bursts, one per commit; both instants then fall on commits and the count is
     * exactly what was processed between them, so unlike {@link #perSecond} this does not credit the records
     * processed during the first commit interval to an instant. 0 when fewer than 10 records or no time passed.
     *
     * @param arrivals arrival times in nanoseconds, ascending (as recorded)
     * @param count    how many entries of {@code arrivals} are valid
     */
    static double steadyPerSecond(long[] arrivals, int count) {
        if (count < 10) {
            return 0;
        }
        long from = arrivals[count / 10];
        long to = arrivals[count * 9 / 10];
        if (to <= from) {
            return 0;
        }
        int inWindow = 0;
        for (int i = 0; i < count; i++) {
            if (arrivals[i] > from && arrivals[i] <= to) {
                inWindow++;
            }
        }
        return inWindow * 1e9 / (to - from);
    }

    /** {@code numerator / denominator}, or NaN when the denominator is not positive. */
    static double ratio(double numerator, double denominator) {
        return denominator > 0 ? numerator / denominator : Double.NaN;
    }
}
