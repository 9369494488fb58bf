package dev.orchestrators.harness.bench;

/**
 * When a worker JVM counts as warm: its CPU per envelope over a warm-up batch is within {@link #TOLERANCE} of the
 * batch before. A fresh JVM's JIT compiles for minutes on two cores, so a fixed batch measured part of that
 * compiling as the runtime's cost.
 */
final class WarmUp {
    /** Relative change between two consecutive batches below which the JVM counts as warm. */
    static final double TOLERANCE = 0.10;

    private WarmUp() {
    }

    /** Whether a batch at {@code current} us/envelope after one at {@code previous} (NaN: none yet) shows a settled JVM. */
    static boolean settled(double previous, double current) {
        if (Double.isNaN(previous) || previous <= 0) {
            return false;
        }
        return Math.abs(current - previous) / previous < TOLERANCE;
    }
}
