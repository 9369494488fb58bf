package dev.orchestrators.harness.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Output rate over time: every {@code stepMillis}, the records that arrived in the preceding {@code windowMillis},
 * per second. The window smooths exactly_once_v2's bursts (output becomes readable once per commit); the step sets
 * the resolution. Times are milliseconds from an origin (the instant something happened, e.g. a worker started).
 * Immutable.
 *
 * @param stepMillis   time between samples
 * @param windowMillis length of the window each sample counts
 * @param samples      in time order
 */
record RateTimeline(long stepMillis, long windowMillis, List<Sample> samples) {
    /** Share of the steady rate below which output counts as dipped. */
    static final double DIP_THRESHOLD = 0.9;

    RateTimeline {
        samples = List.copyOf(samples);
    }

    /**
     * The timeline of {@code arrivals} (nanosecond instants, ascending) between {@code fromNanos} and {@code toNanos}:
     * the first sample is one window after {@code fromNanos}, so every sample counts a full window.
     */
    static RateTimeline of(long[] arrivals, long originNanos, long fromNanos, long toNanos, Duration step, Duration window) {
        long stepNanos = step.toNanos();
        long windowNanos = window.toNanos();
        List<Sample> samples = new ArrayList<>();
        int lo = 0;
        int hi = 0;
        for (long t = fromNanos + windowNanos; t <= toNanos; t += stepNanos) {
            while (hi < arrivals.length && arrivals[hi] <= t) {
                hi++;
            }
            while (lo < hi && arrivals[lo] <= t - windowNanos) {
                lo++;
            }
            samples.add(new Sample(Math.round((t - originNanos) / 1e6), (hi - lo) * 1e9 / windowNanos));
        }
        return new RateTimeline(step.toMillis(), window.toMillis(), samples);
    }

    /** Records per second of {@code arrivals} (ascending) in {@code [fromNanos, toNanos)}; 0 for an empty interval. */
    static double rate(long[] arrivals, long fromNanos, long toNanos) {
        if (toNanos <= fromNanos) {
            return 0;
        }
        long count = java.util.Arrays.stream(arrivals).filter(a -> a >= fromNanos && a < toNanos).count();
        return count * 1e9 / (toNanos - fromNanos);
    }

    /** Mean of the samples at or after {@code fromMillis} and before {@code toMillis}; 0 when there are none. */
    double mean(long fromMillis, long toMillis) {
        return samples.stream().filter(s -> s.atMillis() >= fromMillis && s.atMillis() < toMillis)
                .mapToDouble(Sample::perSecond).average().orElse(0);
    }

    /**
     * The dip after {@code fromMillis} against {@code steady}: its lowest rate (over every sample from then on), and
     * how long the rate was below {@link #DIP_THRESHOLD} of {@code steady}: from the first sample below it to the
     * first sample after the last one below it (so a brief recovery in between counts as part of the dip). Without a
     * sample below, the dip lasts 0 ms; when the last sample is still below, it lasts until the end and is not
     * recovered.
     */
    Dip dip(double steady, long fromMillis) {
        List<Sample> after = samples.stream().filter(s -> s.atMillis() >= fromMillis).toList();
        if (after.isEmpty() || steady <= 0) {
            return new Dip(0, 0, 0, 0, false);
        }
        double lowest = after.stream().mapToDouble(Sample::perSecond).min().orElse(0);
        double floor = DIP_THRESHOLD * steady;
        int first = -1;
        int last = -1;
        for (int i = 0; i < after.size(); i++) {
            if (after.get(i).perSecond() < floor) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            return new Dip(lowest, lowest / steady, 0, 0, true);
        }
        boolean recovered = last < after.size() - 1;
        long start = after.get(first).atMillis();
        long end = after.get(recovered ? last + 1 : last).atMillis();
        return new Dip(lowest, lowest / steady, start, end - start, recovered);
    }

    /** @param atMillis time from the origin; @param perSecond rate over the window ending then */
    record Sample(long atMillis, double perSecond) {
    }

    /**
     * A dip in output rate.
     *
     * @param lowestPerSec   lowest rate after the event
     * @param depth          lowest rate / steady rate before (1 = no dip)
     * @param startMillis    when it first fell below the threshold, from the origin
     * @param durationMillis how long it stayed below (0 when it never fell below)
     * @param recovered      whether it came back above the threshold before the timeline ended
     */
    record Dip(double lowestPerSec, double depth, long startMillis, long durationMillis, boolean recovered) {
    }
}
