package dev.orchestrators.harness.bench;

import java.util.Arrays;

/**
 * Percentiles of a set of latencies in milliseconds, by the nearest-rank method: the p-th percentile is
 * the smallest sample such that at least p% of the samples are less than or equal to it. Immutable.
 *
 * @param count how many samples
 * @param p50   median, ms (0 when there are no samples)
 * @param p99   99th percentile, ms
 * @param max   largest sample, ms
 */
record LatencySummary(int count, long p50, long p99, long max) {
    static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0);

    /** Summarises {@code samples} (the array is not modified). */
    static LatencySummary of(long[] samples) {
        return of(samples, samples.length);
    }

    /** Summarises the first {@code length} entries of {@code samples} (the array is not modified). */
    static LatencySummary of(long[] samples, int length) {
        if (length == 0) {
            return EMPTY;
        }
        long[] sorted = Arrays.copyOf(samples, length);
        Arrays.sort(sorted);
        return new LatencySummary(length, percentile(sorted, 50), percentile(sorted, 99), sorted[length - 1]);
    }

    /**
     * The nearest-rank {@code p}-th percentile of an ascending array.
     *
     * @throws IllegalArgumentException when {@code sorted} is empty or {@code p} is not in (0, 100]
     */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
