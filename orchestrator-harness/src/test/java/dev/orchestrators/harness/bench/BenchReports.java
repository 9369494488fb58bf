package dev.orchestrators.harness.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Fixed bench figures for the report tests: a run of every scenario the targets name. */
final class BenchReports {
    static final MachineInfo MACHINE = new MachineInfo(2, 24.0, "cpu", "jvm", "os");

    private BenchReports() {
    }

    /**
     * Both guarantees of: identity, envelope_identity, lead_sync_inmem, lead_sync_20ms (with a sweep over 1,000,
     * 5,000 and 12,000/s), naive_20ms, lead_sync_limited_x1/_x2/_x4 (400, 790 and 1,500/s under at_least_once) and
     * the join; with lead_sync's write profile.
     */
    static BenchReport full() {
        List<ScenarioResult> results = new ArrayList<>();
        for (String g : List.of(TargetCheck.EXACTLY_ONCE, TargetCheck.AT_LEAST_ONCE)) {
            boolean eos = g.equals(TargetCheck.EXACTLY_ONCE);
            results.add(throughput("identity", g, eos ? 230_000 : 250_000));
            results.add(throughput("envelope_identity", g, eos ? 38_000 : 40_000));
            results.add(throughput("lead_sync_inmem", g, eos ? 28_000 : 30_000));
            results.add(leadSync20ms(g, eos ? 21_000 : 22_000, eos ? 170 : 70, 38));
            results.add(throughput("naive_20ms", g, 16));
            results.add(throughput("lead_sync_limited_x1", g, 400));
            results.add(throughput("lead_sync_limited_x2", g, 790));
            results.add(throughput("lead_sync_limited_x4", g, 1_500));
            results.add(join(g));
        }
        return new BenchReport("bin/orchestrator bench", "2026-11-26T00:00Z", MACHINE, Map.of("mode", "full"), results, 100,
                profile());
    }

    static ScenarioResult throughput(String name, String guarantee, double perSecond) {
        return new ScenarioResult(name, guarantee, name.endsWith("x4") ? 4 : name.endsWith("x2") ? 2 : 1, "child-jvm", 10_000,
                perSecond, perSecond, new LatencySummary(10_000, 500, 900, 1_000), 0, LatencySummary.EMPTY, 0, true, -1, -1, 30);
    }

    static ScenarioResult leadSync20ms(String guarantee, double perSecond, long p99AtTarget, double workerCpuUs) {
        List<LatencySweep.SweepPoint> sweep = List.of(point(1_000, 61, 66), point(5_000, 63, p99AtTarget),
                point(12_000, 700, 2_400));
        return new ScenarioResult("lead_sync_20ms", guarantee, 1, "child-jvm", 200_000, perSecond, perSecond,
                new LatencySummary(200_000, 4_000, 8_000, 9_000), 5_000, sweep.get(1).latency(), 0, true, 0, workerCpuUs, 40,
                sweep, null);
    }

    static LatencySweep.SweepPoint point(double rate, long p50, long p99) {
        return new LatencySweep.SweepPoint(rate, (int) rate * 3, new LatencySummary((int) rate * 3, p50, p99, p99 + 20), true);
    }

    /** 400/s steady, a dip to 25% for 2.5 s from 3 s after the start, 790/s after; the group had the member at 3.1 s, stable at 4.0 s. */
    static ScenarioResult join(String guarantee) {
        RateTimeline timeline = new RateTimeline(1_000, 1_000, List.of(new RateTimeline.Sample(-1_000, 400),
                new RateTimeline.Sample(0, 400), new RateTimeline.Sample(3_000, 100), new RateTimeline.Sample(6_000, 790)));
        RebalanceResult rebalance = new RebalanceResult(400, 790, 3.1, 4.0, new RateTimeline.Dip(100, 0.25, 3_000, 2_500, true),
                timeline);
        return new ScenarioResult("lead_sync_limited_join", guarantee, 2, "child-jvm", 20_000, 600, 600, LatencySummary.EMPTY,
                0, LatencySummary.EMPTY, 0, true, 0, -1, -1, List.of(), rebalance);
    }

    static WriteProfile profile() {
        return new WriteProfile(200, List.of(
                new WriteProfile.TopicWrites(".audit", Map.of("cleanup.policy", "compact"), 2, 28, 878, List.of("run_id", "flow")),
                new WriteProfile.TopicWrites(WriteProfile.RESULTS, Map.of(), 1, 6, 1_280, List.of("run_id", "flow", "status"))),
                List.of(), List.of());
    }
}
