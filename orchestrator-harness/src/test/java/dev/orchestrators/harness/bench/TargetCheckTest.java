package dev.orchestrators.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.harness.bench.TargetCheck.Ratio;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The targets, evaluated on fixed figures. */
class TargetCheckTest {

    @Test
    @DisplayName("lead_sync_20ms is held to 40 us of worker CPU, 20,000/s and a p99 of 80 ms at 5,000/s under at_least_once")
    void shouldCheckTheLeadSync20msTargetsUnderAtLeastOnce() {
        // given
        ScenarioResult r = result("lead_sync_20ms", "at_least_once", 21_000, 5_000, 70, 38);

        // when
        List<TargetCheck> checks = TargetCheck.evaluate(List.of(r), List.of(), 100);

        // then
        assertThat(checks).extracting(TargetCheck::target).containsExactly("lead_sync_20ms worker CPU <= 40 us per envelope",
                "lead_sync_20ms >= 20,000 envelopes/s on one worker", "lead_sync_20ms p99 <= 80 ms at 5,000 requests/s");
        assertThat(checks).allMatch(TargetCheck::met);
        assertThat(checks.get(0).margin()).isEqualTo("+5%");
        assertThat(checks.get(1).margin()).isEqualTo("+5%");
        assertThat(checks.get(2).measured()).isEqualTo("70 ms");
        assertThat(checks.get(2).margin()).isEqualTo("+13%");
    }

    @Test
    @DisplayName("under exactly_once_v2 the p99 allowance is the commit interval plus 80 ms")
    void shouldAllowTheCommitIntervalUnderExactlyOnce() {
        ScenarioResult r = result("lead_sync_20ms", "exactly_once_v2", 19_000, 5_000, 170, 45);

        List<TargetCheck> checks = TargetCheck.evaluate(List.of(r), List.of(), 100);

        TargetCheck p99 = checks.get(2);
        assertThat(p99.target()).contains("commit interval + 80 ms");
        assertThat(p99.required()).isEqualTo("<= 180 ms");
        assertThat(p99.met()).isTrue();
        assertThat(checks.get(0).met()).as("45 us > 40 us").isFalse();
        assertThat(checks.get(0).margin()).isEqualTo("-13%");
        assertThat(checks.get(1).met()).isFalse();
        assertThat(TargetCheck.evaluate(List.of(r), List.of(), 50).get(2).met()).as("130 ms allowed").isFalse();
    }

    @Test
    @DisplayName("a CPU figure that was not measured misses its target rather than passing as zero")
    void shouldMissACeilingThatWasNotMeasured() {
        TargetCheck cpu = TargetCheck.atMost("cpu", "at_least_once", -1, 40, " us");

        assertThat(cpu.met()).isFalse();
        assertThat(cpu.measured()).isEqualTo("not measured");
    }

    @Test
    @DisplayName("ratios: lead_sync_inmem / envelope_identity >= 0.7 beside the old ratio to identity, scaling 1.9x and 3.6x")
    void shouldCheckTheRatioTargets() {
        // given
        List<ScenarioResult> results = List.of(
                result("identity", "at_least_once", 200_000, 0, 0, -1),
                result("envelope_identity", "at_least_once", 40_000, 0, 0, -1),
                result("lead_sync_inmem", "at_least_once", 30_000, 0, 0, -1),
                result("lead_sync_limited_x1", "at_least_once", 400, 0, 0, -1),
                result("lead_sync_limited_x2", "at_least_once", 790, 0, 0, -1),
                result("lead_sync_limited_x4", "at_least_once", 1_400, 0, 0, -1));

        // when
        List<Ratio> ratios = Ratio.of(results);
        List<TargetCheck> checks = TargetCheck.evaluate(results, ratios, 100);

        // then
        assertThat(ratio(ratios, "lead_sync_inmem/envelope_identity").value()).isEqualTo(0.75);
        assertThat(ratio(ratios, "lead_sync_inmem/envelope_identity").met()).isTrue();
        assertThat(ratio(ratios, "lead_sync_inmem/identity").target()).as("context beside the new ratio").isNull();
        assertThat(ratio(ratios, "lead_sync_inmem/identity").value()).isEqualTo(0.15);
        assertThat(ratio(ratios, "lead_sync_limited_x2/lead_sync_limited_x1").met()).as("1.975x").isTrue();
        assertThat(ratio(ratios, "lead_sync_limited_x4/lead_sync_limited_x1").met()).as("3.5x").isFalse();
        assertThat(checks).extracting(TargetCheck::target).contains("lead_sync_inmem >= 0.7x envelope_identity",
                "lead_sync_limited_x4 >= 3.6x lead_sync_limited_x1");
    }

    @Test
    @DisplayName("every scenario run under both guarantees gets an exactly_once_v2 / at_least_once ratio held to 0.9; the join is left out")
    void shouldCheckTheExactlyOnceShareOfEveryScenario() {
        List<ScenarioResult> results = List.of(
                result("plain_loop", "exactly_once_v2", 50_000, 0, 0, -1),
                result("plain_loop", "at_least_once", 340_000, 0, 0, -1),
                result("lead_sync_20ms", "exactly_once_v2", 12_000, 0, 0, -1),
                result("lead_sync_20ms", "at_least_once", 12_500, 0, 0, -1),
                result("lead_sync_limited_join", "exactly_once_v2", 500, 0, 0, -1),
                result("lead_sync_limited_join", "at_least_once", 600, 0, 0, -1),
                result("identity", "exactly_once_v2", 1_000, 0, 0, -1));

        List<Ratio> share = Ratio.of(results).stream().filter(r -> r.guarantee().equals("exactly_once_v2/at_least_once")).toList();

        assertThat(share).extracting(Ratio::name).containsExactly("plain_loop exactly_once_v2/at_least_once",
                "lead_sync_20ms exactly_once_v2/at_least_once");
        assertThat(share.get(0).met()).isFalse();
        assertThat(share.get(1).met()).isTrue();
        assertThat(share.get(1).target()).isEqualTo(0.9);
    }

    @Test
    @DisplayName("the sweep's rates: the standard ones below 90% of saturation, the target rate when reachable, then saturation")
    void shouldChooseTheSweepRates() {
        assertThat(LatencySweep.rates(12_040, 5_000)).containsExactly(1_000.0, 2_000.0, 5_000.0, 10_000.0, 12_000.0);
        assertThat(LatencySweep.rates(5_200, 5_000)).as("5,000 kept although above 90%").containsExactly(1_000.0, 2_000.0, 5_000.0, 5_200.0);
        assertThat(LatencySweep.rates(3_000, 5_000)).containsExactly(1_000.0, 2_000.0, 3_000.0);
        assertThat(LatencySweep.rates(45_000, 5_000)).containsExactly(1_000.0, 2_000.0, 5_000.0, 10_000.0, 20_000.0, 40_000.0, 45_000.0);
    }

    @Test
    @DisplayName("the headline paced point is the one at the target rate, else the one nearest the fallback")
    void shouldPickTheHeadlinePoint() {
        List<LatencySweep.SweepPoint> points = List.of(point(1_000), point(2_000), point(3_000));

        assertThat(LatencySweep.headline(points, 2_000, 0).offeredPerSec()).isEqualTo(2_000);
        assertThat(LatencySweep.headline(points, 5_000, 2_900).offeredPerSec()).isEqualTo(3_000);
    }

    private static LatencySweep.SweepPoint point(double rate) {
        return new LatencySweep.SweepPoint(rate, 10, new LatencySummary(10, 60, 70, 80), true);
    }

    private static Ratio ratio(List<Ratio> ratios, String name) {
        return ratios.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    static ScenarioResult result(String name, String guarantee, double perSecond, double pacedRate, long p99, double workerCpu) {
        return new ScenarioResult(name, guarantee, 1, "child-jvm", 1_000, perSecond, perSecond, LatencySummary.EMPTY, pacedRate,
                new LatencySummary(100, p99 / 2, p99, p99 + 10), 0, true, 0, workerCpu, 50);
    }
}
