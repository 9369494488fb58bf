package dev.orchestrators.harness.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orchestrators.harness.bench.TargetCheck.Ratio;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link BenchReport} as JSON ({@code bench --json}). */
final class BenchJson {
    private BenchJson() {
    }

    static String render(BenchReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", report.command());
        root.put("date", report.date());
        MachineInfo machine = report.machine();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", machine.cores());
        m.put("memory_gb", machine.memoryGb());
        m.put("cpu", machine.cpu());
        m.put("jvm", machine.jvm());
        m.put("os", machine.os());
        root.put("machine", m);
        root.put("settings", report.settings());
        root.put("latency_phase", "paced");
        root.put("scenarios", report.results().stream().map(BenchJson::scenario).toList());
        List<Map<String, Object>> ratios = new ArrayList<>();
        for (Ratio r : report.ratios()) {
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
        for (TargetCheck t : report.targets()) {
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
        if (report.profile() != null) {
            root.put("write_profile", profile(report.profile()));
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the bench results as JSON", e);
        }
    }

    private static Map<String, Object> scenario(ScenarioResult r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", r.name());
        e.put("guarantee", r.guarantee());
        e.put("envelopes_per_sec", round(r.envelopesPerSec(), 1));
        e.put("steady_envelopes_per_sec", round(r.steadyPerSec(), 1));
        e.put("p50_ms", r.hasPacedPhase() ? r.paced().p50() : null);
        e.put("p99_ms", r.hasPacedPhase() ? r.paced().p99() : null);
        e.put("max_ms", r.hasPacedPhase() ? r.paced().max() : null);
        e.put("instances", r.instances());
        e.put("placement", r.placement());
        e.put("paced_rate_per_sec", r.hasPacedPhase() ? round(r.pacedRate(), 1) : null);
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
        if (!r.sweep().isEmpty()) {
            List<Map<String, Object>> points = new ArrayList<>();
            for (LatencySweep.SweepPoint p : r.sweep()) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("offered_per_sec", p.offeredPerSec());
                point.put("requests", p.sent());
                point.put("p50_ms", p.latency().p50());
                point.put("p99_ms", p.latency().p99());
                point.put("max_ms", p.latency().max());
                point.put("complete", p.complete());
                points.add(point);
            }
            e.put("latency_sweep", points);
        }
        if (r.rebalance() != null) {
            e.put("rebalance", rebalance(r.rebalance()));
        }
        return e;
    }

    private static Map<String, Object> rebalance(RebalanceResult b) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("steady_per_sec", round(b.steadyPerSec(), 1));
        e.put("after_per_sec", round(b.afterPerSec(), 1));
        e.put("joined_s", b.joinedSeconds() < 0 ? null : round(b.joinedSeconds(), 2));
        e.put("stable_s", b.stableSeconds() < 0 ? null : round(b.stableSeconds(), 2));
        e.put("dip_lowest_per_sec", round(b.dip().lowestPerSec(), 1));
        e.put("dip_depth", round(b.dip().depth(), 3));
        e.put("dip_start_s", b.dip().startMillis() / 1000.0);
        e.put("dip_duration_s", b.dip().durationMillis() / 1000.0);
        e.put("dip_recovered", b.dip().recovered());
        e.put("timeline_step_ms", b.timeline().stepMillis());
        e.put("timeline_window_ms", b.timeline().windowMillis());
        e.put("timeline", b.timeline().samples().stream().map(s -> List.of(s.atMillis(), round(s.perSecond(), 1))).toList());
        return e;
    }

    private static Map<String, Object> profile(WriteProfile p) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("requests", p.requests());
        e.put("records_per_request", round(p.recordsPerRequest(), 3));
        e.put("bytes_per_request", round(p.bytesPerRequest(), 1));
        List<Map<String, Object>> topics = new ArrayList<>();
        for (WriteProfile.TopicWrites t : p.topics()) {
            Map<String, Object> topic = new LinkedHashMap<>();
            topic.put("role", t.role());
            topic.put("records_per_request", round(t.recordsPerRequest(), 3));
            topic.put("key_bytes", round(t.keyBytes(), 1));
            topic.put("value_bytes", round(t.valueBytes(), 1));
            topic.put("headers", t.headers());
            topic.put("config", t.config());
            topics.add(topic);
        }
        e.put("topics", topics);
        e.put("notes", p.notes());
        return e;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
