package dev.orchestrators.harness.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One of the performance targets, checked against a run's figures.
 *
 * @param target    what is required, in words
 * @param guarantee the guarantee it was checked under ({@code exactly_once_v2/at_least_once} for the ratio of both)
 * @param measured  the measured value, with unit
 * @param required  the threshold, with unit
 * @param met       whether the target is met
 * @param margin    by how much it is met (+) or missed (-), relative to the threshold
 */
record TargetCheck(String target, String guarantee, String measured, String required, boolean met, String margin) {
    /** The paced rate the latency targets are checked at. */
    static final double TARGET_RATE = 5_000;
    static final double MIN_ENVELOPES_PER_SEC = 20_000;
    static final double MAX_WORKER_CPU_US = 40;
    /** lead_sync_pg's goal (the real-tools issue): PostgreSQL, HTTP and the worker share the machine. */
    static final double MIN_REAL_TOOLS_PER_SEC = 5_000;
    /** p99 allowed at {@link #TARGET_RATE} under at_least_once; under exactly_once_v2, the commit interval on top. */
    static final long MAX_P99_MS = 80;
    static final String EXACTLY_ONCE = "exactly_once_v2";
    static final String AT_LEAST_ONCE = "at_least_once";

    /**
     * Checks every target whose scenarios are among {@code results}.
     *
     * @param commitIntervalMs the run's {@code commit.interval.ms} (exactly_once_v2's latency allowance)
     */
    static List<TargetCheck> evaluate(List<ScenarioResult> results, List<Ratio> ratios, long commitIntervalMs) {
        List<TargetCheck> checks = new ArrayList<>();
        for (ScenarioResult r : results) {
            if (r.name().equals(Scenario.LEAD_SYNC_20MS.label())) {
                checks.add(atMost("lead_sync_20ms worker CPU <= 40 us per envelope", r.guarantee(), r.workerCpuUsPerRecord(),
                        MAX_WORKER_CPU_US, " us"));
                checks.add(atLeast("lead_sync_20ms >= 20,000 envelopes/s on one worker", r.guarantee(), r.envelopesPerSec(),
                        MIN_ENVELOPES_PER_SEC, "/s"));
                checks.add(p99(r, commitIntervalMs));
            }
            if (r.name().equals(Scenario.LEAD_SYNC_PG.label())) {
                checks.add(atLeast("lead_sync_pg >= 5,000 envelopes/s (PostgreSQL on the same cores)", r.guarantee(),
                        r.envelopesPerSec(), MIN_REAL_TOOLS_PER_SEC, "/s"));
            }
        }
        for (Ratio r : ratios) {
            if (r.target() != null) {
                checks.add(atLeast(r.description(), r.guarantee(), r.value(), r.target(), "x"));
            }
        }
        return checks;
    }

    /** The paced p99 of lead_sync_20ms at {@link #TARGET_RATE}: 80 ms, plus the commit interval under exactly_once_v2. */
    static TargetCheck p99(ScenarioResult r, long commitIntervalMs) {
        long limit = MAX_P99_MS + (r.guarantee().equals(EXACTLY_ONCE) ? commitIntervalMs : 0);
        String target = r.guarantee().equals(EXACTLY_ONCE)
                ? "lead_sync_20ms p99 <= commit interval + 80 ms at 5,000 requests/s"
                : "lead_sync_20ms p99 <= 80 ms at 5,000 requests/s";
        if (r.pacedRate() != TARGET_RATE) {
            return new TargetCheck(target, r.guarantee(), String.format("p99 %d ms at %,.0f/s (5,000/s not attainable)",
                    r.paced().p99(), r.pacedRate()), "<= " + limit + " ms at 5,000/s", false, "n/a (load not reached)");
        }
        return atMost(target, r.guarantee(), r.paced().p99(), limit, " ms");
    }

    static TargetCheck atLeast(String target, String guarantee, double value, double threshold, String unit) {
        boolean met = value >= threshold;
        String fmt = unit.equals("x") ? "%,.2fx" : "%,.0f" + unit;
        String margin = Double.isNaN(value) ? "n/a" : String.format("%+.0f%%", (value / threshold - 1) * 100);
        return new TargetCheck(target, guarantee, String.format(fmt, value), ">= " + String.format(fmt, threshold),
                met, margin);
    }

    /** A ceiling; a negative value means not measured (missed). */
    static TargetCheck atMost(String target, String guarantee, double value, double threshold, String unit) {
        String fmt = "%,.0f" + unit;
        if (value < 0 || Double.isNaN(value)) {
            return new TargetCheck(target, guarantee, "not measured", "<= " + String.format(fmt, threshold), false, "n/a");
        }
        return new TargetCheck(target, guarantee, String.format(fmt, value), "<= " + String.format(fmt, threshold),
                value <= threshold, String.format("%+.0f%%", (threshold - value) / threshold * 100));
    }

    /**
     * A throughput ratio between two scenarios under one guarantee, or between the guarantees of one scenario.
     *
     * @param name        {@code numerator/denominator}
     * @param description the target in words, or how to read a ratio without one
     * @param target      the required minimum, or null
     */
    record Ratio(String name, String description, String guarantee, double value, Double target) {
        static final String SAGA_NOTE = "context: 3 side effects per request, as lead_sync's 3 tool calls; the FAILED "
                + "share (plan legacy) fails its 3rd step and is compensated twice, through the compensations topic";
        static final String ROUTER_NOTE = "context: each request passes two flows (the router, then lead_intake or "
                + "support_ticket): per flow pass, twice this";
        static final double MIN_EXACTLY_ONCE_SHARE = 0.9;

        static List<Ratio> of(List<ScenarioResult> results) {
            List<Ratio> ratios = new ArrayList<>();
            for (String g : results.stream().map(ScenarioResult::guarantee).distinct().toList()) {
                add(ratios, results, g, Scenario.LEAD_SYNC_INMEM, Scenario.ENVELOPE_IDENTITY, 0.7,
                        "lead_sync_inmem >= 0.7x envelope_identity");
                add(ratios, results, g, Scenario.LEAD_SYNC_INMEM, Scenario.IDENTITY, null,
                        "context (the old yardstick): identity copies one 60-byte record per request");
                add(ratios, results, g, Scenario.ENVELOPE_IDENTITY, Scenario.IDENTITY, null,
                        "context: what writing lead_sync's records costs a topology that does nothing else");
                add(ratios, results, g, Scenario.LEAD_SYNC_20MS, Scenario.NAIVE_20MS, 1_200.0,
                        "lead_sync_20ms >= 1,200x naive_20ms");
                add(ratios, results, g, Scenario.LEAD_SYNC_LIMITED_X2, Scenario.LEAD_SYNC_LIMITED_X1, 1.9,
                        "lead_sync_limited_x2 >= 1.9x lead_sync_limited_x1");
                add(ratios, results, g, Scenario.LEAD_SYNC_LIMITED_X4, Scenario.LEAD_SYNC_LIMITED_X1, 3.6,
                        "lead_sync_limited_x4 >= 3.6x lead_sync_limited_x1");
                add(ratios, results, g, Scenario.LEAD_SYNC_20MS_X2, Scenario.LEAD_SYNC_20MS, null,
                        "context: a second worker JVM on the same two cores adds no CPU");
                add(ratios, results, g, Scenario.PLAIN_LOOP, Scenario.IDENTITY, null, "plain_loop vs identity (context)");
                add(ratios, results, g, Scenario.SAGA_INMEM, Scenario.LEAD_SYNC_INMEM, null, SAGA_NOTE);
                add(ratios, results, g, Scenario.SAGA_20MS, Scenario.LEAD_SYNC_20MS, null, SAGA_NOTE);
                add(ratios, results, g, Scenario.ROUTER_INMEM, Scenario.LEAD_SYNC_INMEM, null, ROUTER_NOTE);
                add(ratios, results, g, Scenario.ROUTER_20MS, Scenario.LEAD_SYNC_20MS, null, ROUTER_NOTE);
            }
            for (Scenario s : Scenario.values()) {
                Optional<ScenarioResult> eos = find(results, s, EXACTLY_ONCE);
                Optional<ScenarioResult> alos = find(results, s, AT_LEAST_ONCE);
                if (!s.join() && eos.isPresent() && alos.isPresent()) {
                    ratios.add(new Ratio(s.label() + " " + EXACTLY_ONCE + "/" + AT_LEAST_ONCE,
                            s.label() + " exactly_once_v2 >= 0.9x at_least_once", EXACTLY_ONCE + "/" + AT_LEAST_ONCE,
                            Throughput.ratio(eos.get().envelopesPerSec(), alos.get().envelopesPerSec()), MIN_EXACTLY_ONCE_SHARE));
                }
            }
            return ratios;
        }

        private static void add(List<Ratio> ratios, List<ScenarioResult> results, String guarantee, Scenario top,
                                Scenario bottom, Double target, String description) {
            Optional<ScenarioResult> a = find(results, top, guarantee);
            Optional<ScenarioResult> b = find(results, bottom, guarantee);
            if (a.isPresent() && b.isPresent()) {
                ratios.add(new Ratio(top.label() + "/" + bottom.label(), description, guarantee,
                        Throughput.ratio(a.get().envelopesPerSec(), b.get().envelopesPerSec()), target));
            }
        }

        private static Optional<ScenarioResult> find(List<ScenarioResult> results, Scenario s, String guarantee) {
            return results.stream().filter(r -> r.name().equals(s.label()) && r.guarantee().equals(guarantee)).findFirst();
        }

        boolean met() {
            return target != null && value >= target;
        }
    }
}
