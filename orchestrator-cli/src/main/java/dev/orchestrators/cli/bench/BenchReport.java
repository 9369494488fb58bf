package dev.orchestrators.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orchestrators.cli.bench.TargetCheck.Ratio;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 */
record BenchReport(String command, String date, MachineInfo machine, Map<String, String> settings,
                   List<ScenarioResult> results) {

    List<Ratio> ratios() {
        return Ratio.of(results);
    }

    List<TargetCheck> targets() {
        return TargetCheck.evaluate(results, ratios());
    }

    /** The results as a Markdown table (also readable on a console). */
    String table() {
        StringBuilder out = new StringBuilder("| scenario | guarantee | inst. | where | envelopes/s | steady/s | "
                + "paced rate/s | p50 ms | p99 ms | max ms | backlog p99 ms | FAILED % | CPU us/env. (worker / bench JVM) |\n"
                + "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (ScenarioResult r : results) {
            out.append(String.format("| %s%s | %s | %d | %s | %,.0f | %,.0f | %,.0f | %d | %d | %d | %,d | %s | %s / %s |%n",
                    r.name(), r.complete() ? "" : " (incomplete)", r.guarantee(), r.instances(), r.placement(),
                    r.envelopesPerSec(), r.steadyPerSec(), r.pacedRate(), r.paced().p50(), r.paced().p99(), r.paced().max(),
                    r.backlog().p99(), percent(r.failedShare()), cpu(r.workerCpuUsPerRecord()), cpu(r.benchCpuUsPerRecord())));
        }
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
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", command);
        root.put("date", date);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", machine.cores());
        m.put("memory_gb", machine.memoryGb());
        m.put("cpu", machine.cpu());
        m.put("jvm", machine.jvm());
        m.put("os", machine.os());
        root.put("machine", m);
        root.put("settings", settings);
        root.put("latency_phase", "paced");
        List<Map<String, Object>> scenarios = new ArrayList<>();
        results.forEach(r -> scenarios.add(scenarioJson(r)));
        root.put("scenarios", scenarios);
        List<Map<String, Object>> ratios = new ArrayList<>();
        for (Ratio r : ratios()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", r.name());
            e.put("guarantee", r.guarantee());
            e.put("value", Double.isNaN(r.value()) ? null : round(r.value(), 3));
            e.put("description", r.description());
            e.put("target", r.target());
            e.put("met", r.target() == null ? null : r.met());
            ratios.add(e);
        }
        root.put("ratios", ratios);
        List<Map<String, Object>> targets = new ArrayList<>();
        for (TargetCheck t : targets()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("target", t.target());
            e.put("guarantee", t.guarantee());
            e.put("measured", t.measured());
            e.put("required", t.required());
            e.put("met", t.met());
            e.put("margin", t.margin());
            targets.add(e);
        }
        root.put("targets", targets);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the bench results as JSON", e);
        }
    }

    private static Map<String, Object> scenarioJson(ScenarioResult r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", r.name());
        e.put("guarantee", r.guarantee());
        e.put("envelopes_per_sec", round(r.envelopesPerSec(), 1));
        e.put("steady_envelopes_per_sec", round(r.steadyPerSec(), 1));
        e.put("p50_ms", r.paced().p50());
        e.put("p99_ms", r.paced().p99());
        e.put("max_ms", r.paced().max());
        e.put("instances", r.instances());
        e.put("placement", r.placement());
        e.put("paced_rate_per_sec", round(r.pacedRate(), 1));
        e.put("paced_samples", r.paced().count());
        e.put("backlog_envelopes", r.envelopes());
        e.put("backlog_p50_ms", r.backlog().p50());
        e.put("backlog_p99_ms", r.backlog().p99());
        e.put("backlog_max_ms", r.backlog().max());
        e.put("duplicates", r.duplicates());
        e.put("complete", r.complete());
        e.put("failed_share", r.failedShare() < 0 ? null : round(r.failedShare(), 4));
        e.put("worker_cpu_us_per_envelope", r.workerCpuUsPerRecord() < 0 ? null : round(r.workerCpuUsPerRecord(), 1));
        e.put("bench_jvm_cpu_us_per_envelope", r.benchCpuUsPerRecord() < 0 ? null : round(r.benchCpuUsPerRecord(), 1));
        return e;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
