package dev.orchestrators.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The output-rate timeline around a join and the dip found in it, from fixed arrival times. */
class RateTimelineTest {
    private static final long MS = 1_000_000L;
    private static final Duration STEP = Duration.ofMillis(100);
    private static final Duration WINDOW = Duration.ofSeconds(1);

    @Test
    @DisplayName("every sample counts the arrivals of the window before it, per second")
    void shouldCountArrivalsInTheWindowBeforeEachSample() {
        // given: 400/s for 5 s from t = 0
        long[] arrivals = steady(0, 5_000, 400);

        // when
        RateTimeline timeline = RateTimeline.of(arrivals, 0, 0, 5_000 * MS, STEP, WINDOW);

        // then
        assertThat(timeline.samples()).hasSize(41);
        assertThat(timeline.samples().get(0).atMillis()).isEqualTo(1_000);
        assertThat(timeline.samples()).allSatisfy(s -> assertThat(s.perSecond()).isCloseTo(400, within(1.0)));
        assertThat(RateTimeline.rate(arrivals, 1_000 * MS, 3_000 * MS)).isCloseTo(400, within(1.0));
    }

    @Test
    @DisplayName("times are relative to the origin, so samples before the event are negative")
    void shouldPlaceSamplesRelativeToTheOrigin() {
        long[] arrivals = steady(0, 4_000, 100);

        RateTimeline timeline = RateTimeline.of(arrivals, 3_000 * MS, 0, 4_000 * MS, Duration.ofSeconds(1), WINDOW);

        assertThat(timeline.samples()).extracting(RateTimeline.Sample::atMillis).containsExactly(-2_000L, -1_000L, 0L, 1_000L);
    }

    @Test
    @DisplayName("a stall after the join is a dip: its depth is lowest/steady and it lasts until the rate is back at 90% for good")
    void shouldMeasureDepthAndDurationOfADip() {
        // given: 400/s before the join at t = 10 s, nothing from 12 s to 14 s (rebalance), then 800/s
        List<long[]> parts = List.of(steady(0, 12_000, 400), steady(14_000, 30_000, 800));
        long[] arrivals = concat(parts);
        long origin = 10_000 * MS;

        // when
        RateTimeline timeline = RateTimeline.of(arrivals, origin, 1_000 * MS, 30_000 * MS, STEP, WINDOW);
        double steady = RateTimeline.rate(arrivals, 1_000 * MS, origin);
        RateTimeline.Dip dip = timeline.dip(steady, 0);

        // then
        assertThat(steady).isCloseTo(400, within(1.0));
        assertThat(dip.lowestPerSec()).isZero();
        assertThat(dip.depth()).isZero();
        // the 1 s window sees the rate fall below 360/s from t = 2.1 s (12.1 s) and back at 360/s or more from 4.5 s on
        assertThat(dip.startMillis()).isEqualTo(2_100);
        assertThat(dip.durationMillis()).isEqualTo(2_400);
        assertThat(dip.recovered()).isTrue();
        assertThat(timeline.mean(15_000, 20_001)).isCloseTo(800, within(1.0));
    }

    @Test
    @DisplayName("a join that never slows output has no dip: duration 0, depth at or above the threshold")
    void shouldReportNoDipWhenTheRateNeverFalls() {
        long[] arrivals = concat(List.of(steady(0, 10_000, 400), steady(10_000, 20_000, 800)));

        RateTimeline timeline = RateTimeline.of(arrivals, 10_000 * MS, 1_000 * MS, 20_000 * MS, STEP, WINDOW);
        RateTimeline.Dip dip = timeline.dip(400, 0);

        assertThat(dip.durationMillis()).isZero();
        assertThat(dip.depth()).isGreaterThanOrEqualTo(0.99);
        assertThat(dip.recovered()).isTrue();
    }

    @Test
    @DisplayName("a dip that lasts to the end of the timeline is reported as not recovered, lasting until the end")
    void shouldReportADipThatNeverRecovers() {
        long[] arrivals = concat(List.of(steady(0, 10_000, 400), steady(10_000, 20_000, 100)));

        RateTimeline timeline = RateTimeline.of(arrivals, 10_000 * MS, 1_000 * MS, 20_000 * MS, STEP, WINDOW);
        RateTimeline.Dip dip = timeline.dip(400, 0);

        assertThat(dip.recovered()).isFalse();
        assertThat(dip.depth()).isCloseTo(0.25, within(0.01));
        assertThat(dip.startMillis() + dip.durationMillis()).isEqualTo(10_000);
    }

    @Test
    @DisplayName("a brief recovery between two stalls is part of the dip")
    void shouldNotEndADipOnABriefRecovery() {
        // 400/s, a stall 12-13 s, 400/s for 1 s, a second stall 14-15 s, then 400/s
        long[] arrivals = concat(List.of(steady(0, 12_000, 400), steady(13_000, 14_000, 400), steady(15_000, 25_000, 400)));

        RateTimeline timeline = RateTimeline.of(arrivals, 10_000 * MS, 1_000 * MS, 25_000 * MS, STEP, WINDOW);
        RateTimeline.Dip dip = timeline.dip(400, 0);

        assertThat(dip.startMillis()).isEqualTo(2_100);
        assertThat(dip.startMillis() + dip.durationMillis()).as("recovered after the second stall").isEqualTo(5_900);
    }

    /** Arrivals at {@code perSecond}, evenly spaced, from {@code fromMs} (inclusive) to {@code toMs} (exclusive). */
    private static long[] steady(long fromMs, long toMs, int perSecond) {
        long gap = 1_000_000_000L / perSecond;
        List<Long> out = new ArrayList<>();
        for (long t = fromMs * MS; t < toMs * MS; t += gap) {
            out.add(t);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] concat(List<long[]> parts) {
        return parts.stream().flatMapToLong(java.util.Arrays::stream).toArray();
    }
}
