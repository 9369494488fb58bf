package dev.orchestrators.harness.bench;

import dev.orchestrators.harness.bench.TargetCheck.Ratio;
import java.util.List;
import java.util.Map;

/**
 * The figures of a bench run and their renderings: a console table, JSON and the tables of BENCHMARKS.md.
 *
 * @param command  the command line that produced them
 * @param date     ISO date-time of the run
 * @param machine  where it ran
 * @param settings knobs, in words, by name
 * @param results  one entry per scenario and guarantee, in run order
 * @param commitIntervalMs the run's {@code commit.interval.ms} (exactly_once_v2's latency allowance)
 * @param profile  what lead_sync wrote per request, as envelope_identity mirrors it (null when it did not run)
 */
record BenchReport(String command, String date, MachineInfo machine, Map<String, String> settings,
                   List<ScenarioResult> results, long commitIntervalMs, WriteProfile profile) {

    /** A report of a run with the default commit interval (100 ms) and without envelope_identity. */
    BenchReport(String command, String date, MachineInfo machine, Map<String, String> settings, List<ScenarioResult> results) {
        this(command, date, machine, settings, results, 100, null);
    }

    List<Ratio> ratios() {
        return Ratio.of(results);
    }

    List<TargetCheck> targets() {
        return TargetCheck.evaluate(results, ratios(), commitIntervalMs);
    }

    /** The results as a Markdown table (also readable on a console). */
    String table() {
        StringBuilder out = new StringBuilder("| scenario | guarantee | inst. | where | envelopes/s | steady/s | "
                + "paced rate/s | p50 ms | p99 ms | max ms | backlog p99 ms | FAILED % | CPU us/env. (worker / bench JVM) |\n"
                + "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (ScenarioResult r : results) {
            String paced = r.hasPacedPhase() ? String.format("%,.0f | %d | %d | %d", r.pacedRate(), r.paced().p50(),
                    r.paced().p99(), r.paced().max()) : r.rebalance() != null ? "see Rebalance | - | - | -" : "- | - | - | -";
            out.append(String.format("| %s%s | %s | %d | %s | %,.0f | %,.0f | %s | %,d | %s | %s / %s |%n",
                    r.name(), r.complete() ? "" : " (incomplete)", r.guarantee(), r.instances(), r.placement(),
                    r.envelopesPerSec(), r.steadyPerSec(), paced, r.backlog().p99(), percent(r.failedShare()),
                    cpu(r.workerCpuUsPerRecord()), cpu(r.benchCpuUsPerRecord())));
        }
        return out.toString();
    }

    /** Every latency sweep's points (lead_sync_20ms), or an empty string when none ran. */
    String sweepTable() {
        StringBuilder out = new StringBuilder();
        for (ScenarioResult r : results) {
            for (LatencySweep.SweepPoint p : r.sweep()) {
                out.append(String.format("| %s | %s | %,.0f | %,d | %d | %d | %d | %s |%n", r.name(), r.guarantee(),
                        p.offeredPerSec(), p.sent(), p.latency().p50(), p.latency().p99(), p.latency().max(),
                        p.complete() ? "yes" : "**no**"));
            }
        }
        return out.isEmpty() ? "" : "| scenario | guarantee | offered/s | requests | p50 ms | p99 ms | max ms | all answered |\n"
                + "|---|---|---:|---:|---:|---:|---:|---|\n" + out;
    }

    /** The join scenario's figures and, per guarantee, its output rate per second around the join; empty when it did not run. */
    String rebalanceTable() {
        StringBuilder out = new StringBuilder();
        StringBuilder timelines = new StringBuilder();
        for (ScenarioResult r : results) {
            RebalanceResult b = r.rebalance();
            if (b == null) {
                continue;
            }
            RateTimeline.Dip d = b.dip();
            out.append(String.format("| %s | %s | %,.0f | %,.0f | %s | %s | %,.0f | %.2f | %s | %s |%n", r.name(), r.guarantee(),
                    b.steadyPerSec(), b.afterPerSec(), seconds(b.joinedSeconds()), seconds(b.stableSeconds()), d.lowestPerSec(),
                    d.depth(), d.durationMillis() == 0 ? "-" : seconds(d.startMillis() / 1000.0),
                    seconds(d.durationMillis() / 1000.0) + (d.recovered() ? "" : " (not recovered)")));
            timelines.append("- ").append(r.guarantee()).append(" (envelopes/s over the second before each instant; t = 0 ")
                    .append("when the second worker JVM started): ").append(perSecond(b.timeline())).append('\n');
        }
        return out.isEmpty() ? "" : "| scenario | guarantee | steady before /s | after /s | joined s | stable s | lowest /s | "
                + "depth (lowest / steady) | dip from s | dip duration s (< 90% of steady) |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n" + out + "\n" + timelines;
    }

    private static String seconds(double s) {
        return s < 0 ? "never" : String.format("%.1f", s);
    }

    /** One sample per whole second of {@code timeline}: {@code t=-3s 398, ...}. */
    static String perSecond(RateTimeline timeline) {
        StringBuilder out = new StringBuilder();
        for (RateTimeline.Sample s : timeline.samples()) {
            if (Math.floorMod(s.atMillis() + timeline.stepMillis() / 2, 1000) < timeline.stepMillis()) {
                out.append(out.isEmpty() ? "" : ", ").append(String.format("%+d s: %,.0f", Math.round(s.atMillis() / 1000.0),
                        s.perSecond()));
            }
        }
        return out.toString();
    }

    /** What lead_sync wrote per request (envelope_identity's template), or an empty string without a profile. */
    String profileTable() {
        if (profile == null) {
            return "";
        }
        StringBuilder out = new StringBuilder("| topic (lead_sync run, as mirrored) | records / request | key bytes | "
                + "value bytes | headers | topic settings |\n|---|---:|---:|---:|---|---|\n");
        for (WriteProfile.TopicWrites t : profile.topics()) {
            out.append(String.format("| %s | %.2f | %.0f | %.0f | %s | %s |%n",
                    t.role().equals(WriteProfile.RESULTS) ? "`lead_sync.results`" : "`<id>" + t.role() + "`", t.recordsPerRequest(),
                    t.keyBytes(), t.valueBytes(), t.headers().isEmpty() ? "-" : String.join(", ", t.headers()),
                    t.config().isEmpty() ? "-" : t.config().toString()));
        }
        out.append(String.format("%nPer request: %.2f records, %,.0f bytes of keys and values (measured on %d requests).%n",
                profile.recordsPerRequest(), profile.bytesPerRequest(), profile.requests()));
        profile.notes().forEach(n -> out.append("Note: ").append(n).append(".\n"));
        return out.toString();
    }

    /** A CPU figure in microseconds per envelope, or "-" when not measured (negative). */
    static String cpu(double microseconds) {
        return microseconds < 0 ? "-" : String.format("%.0f", microseconds);
    }

    /** A share in percent with one decimal, or "-" when not measured (negative). */
    static String percent(double share) {
        return share < 0 ? "-" : String.format("%.1f", share * 100);
    }

    String ratioTable() {
        StringBuilder out = new StringBuilder("| ratio | guarantee | value | note |\n|---|---|---:|---|\n");
        for (Ratio r : ratios()) {
            out.append(String.format("| %s | %s | %.2f | %s |%n", r.name(), r.guarantee(), r.value(), r.description()));
        }
        return out.toString();
    }

    String targetTable() {
        StringBuilder out = new StringBuilder("| target | guarantee | measured | required | result | margin |\n"
                + "|---|---|---|---|---|---:|\n");
        for (TargetCheck t : targets()) {
            out.append(String.format("| %s | %s | %s | %s | %s | %s |%n", t.target(), t.guarantee(), t.measured(),
                    t.required(), t.met() ? "met" : "**missed**", t.margin()));
        }
        return out.toString();
    }

    String toJson() {
        return BenchJson.render(this);
    }
}
