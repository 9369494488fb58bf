package dev.orchestrators.harness.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The offered rates of a latency sweep: {@link #STANDARD_RATES} below {@link #SATURATION_SHARE} of the scenario's
 * backlog throughput (its saturation), the target rate whenever the backlog throughput reaches it, and the backlog
 * throughput itself, rounded to 100/s, as the last point. Each rate runs as its own paced phase on the same workers, one after
 * the other, each drained before the next.
 */
final class LatencySweep {
    static final List<Double> STANDARD_RATES = List.of(1_000.0, 2_000.0, 5_000.0, 10_000.0, 20_000.0, 40_000.0);
    /** Share of the saturation below which a standard rate is swept (closer to it, latency is queueing). */
    static final double SATURATION_SHARE = 0.9;

    private LatencySweep() {
    }

    /**
     * @param saturation the scenario's backlog throughput, envelopes/s
     * @param targetRate the rate a target is checked at (included when {@code saturation} reaches it)
     */
    static List<Double> rates(double saturation, double targetRate) {
        TreeSet<Double> rates = new TreeSet<>();
        for (double r : STANDARD_RATES) {
            if (r < SATURATION_SHARE * saturation) {
                rates.add(r);
            }
        }
        if (saturation >= targetRate) {
            rates.add(targetRate);
        }
        double top = Math.round(saturation / 100) * 100.0;
        if (top >= 100 && (rates.isEmpty() || top > rates.last())) {
            rates.add(top);
        }
        return new ArrayList<>(rates);
    }

    /**
     * The point that stands for the scenario's paced latency: the one at {@code targetRate}, else the one nearest
     * {@code fallback}.
     */
    static SweepPoint headline(List<SweepPoint> points, double targetRate, double fallback) {
        return points.stream().filter(p -> p.offeredPerSec() == targetRate).findFirst().orElseGet(() -> points.stream()
                .min(java.util.Comparator.comparingDouble(p -> Math.abs(p.offeredPerSec() - fallback))).orElseThrow());
    }

    /**
     * One paced phase of a sweep.
     *
     * @param offeredPerSec requests produced per second
     * @param sent          requests produced
     * @param latency       their end-to-end latency
     * @param complete      whether every one was answered before the deadline
     */
    record SweepPoint(double offeredPerSec, int sent, LatencySummary latency, boolean complete) {
    }
}
