package dev.orchestrators.harness.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bench's picture, written as SVG text (no external tool): throughput per scenario as horizontal bars, one
 * per guarantee, on a log scale (the scenarios span 16/s to hundreds of thousands per second); and the latency
 * sweep of lead_sync_20ms, p50 and p99 against offered load per guarantee, on a log latency scale, with the
 * latency target marked. Elements carry {@code class} and {@code data-*} attributes (scenario, guarantee, value)
 * so that tests and readers can find them. Stateless.
 */
final class BenchChart {
    static final String EXACTLY_ONCE_COLOUR = "#4e79a7";
    static final String AT_LEAST_ONCE_COLOUR = "#f28e2b";
    private static final int WIDTH = 920;
    private static final int LEFT = 190;
    private static final int PLOT_WIDTH = 600;
    private static final int ROW = 30;
    private static final int SWEEP_HEIGHT = 300;

    private BenchChart() {
    }

    static String render(BenchReport report) {
        Map<String, Map<String, Double>> bars = throughputs(report.results());
        List<ScenarioResult> sweeps = report.results().stream().filter(r -> !r.sweep().isEmpty()).toList();
        int barsHeight = 70 + ROW * Math.max(1, bars.size()) + 40;
        int height = barsHeight + 60 + SWEEP_HEIGHT + 70;
        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height))
                .append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height))
                .append("<title>").append(escape("Benchmarks " + report.date() + ", " + report.machine().cores() + " cores"))
                .append("</title>\n");
        bars(svg, bars, 0);
        sweep(svg, sweeps, barsHeight + 20);
        return svg.append("</svg>\n").toString();
    }

    /** Throughput per scenario (run order) and guarantee; the join scenario, a rate over a rebalance, is left out. */
    static Map<String, Map<String, Double>> throughputs(List<ScenarioResult> results) {
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        for (ScenarioResult r : results) {
            if (r.rebalance() == null && r.envelopesPerSec() > 0) {
                bars.computeIfAbsent(r.name(), k -> new LinkedHashMap<>()).put(r.guarantee(), r.envelopesPerSec());
            }
        }
        return bars;
    }

    private static void bars(StringBuilder svg, Map<String, Map<String, Double>> bars, int top) {
        text(svg, "title", 20, top + 24, "Throughput per scenario (envelopes/s, backlog phase, log scale)", "start", 15);
        legend(svg, LEFT + PLOT_WIDTH - 250, top + 20);
        double max = bars.values().stream().flatMap(m -> m.values().stream()).mapToDouble(Double::doubleValue).max().orElse(10);
        double min = bars.values().stream().flatMap(m -> m.values().stream()).mapToDouble(Double::doubleValue).min().orElse(1);
        int lo = (int) Math.floor(Math.log10(Math.max(1, min)));
        int hi = Math.max(lo + 1, (int) Math.ceil(Math.log10(max)));
        int plotTop = top + 50;
        int plotBottom = plotTop + ROW * Math.max(1, bars.size());
        for (int d = lo; d <= hi; d++) {
            double x = LEFT + PLOT_WIDTH * (d - lo) / (double) (hi - lo);
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                    x, plotTop, x, plotBottom));
            text(svg, "tick", x, plotBottom + 16, compact(Math.pow(10, d)), "middle", 11);
        }
        int row = 0;
        for (Map.Entry<String, Map<String, Double>> scenario : bars.entrySet()) {
            double y = plotTop + ROW * row++;
            text(svg, "label", LEFT - 8, y + ROW / 2.0 + 4, scenario.getKey(), "end", 12);
            int slot = 0;
            for (String guarantee : List.of(TargetCheck.EXACTLY_ONCE, TargetCheck.AT_LEAST_ONCE)) {
                Double value = scenario.getValue().get(guarantee);
                double barY = y + 3 + slot++ * 12;
                if (value == null) {
                    continue;
                }
                double w = Math.max(1, PLOT_WIDTH * (Math.log10(Math.max(value, Math.pow(10, lo))) - lo) / (hi - lo));
                svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" data-scenario=\"%s\" data-guarantee=\"%s\" "
                                + "data-value=\"%.1f\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"11\" fill=\"%s\"><title>%s</title></rect>%n",
                        escape(scenario.getKey()), guarantee, value, LEFT, barY, w, colour(guarantee),
                        escape(scenario.getKey() + " " + guarantee + ": " + String.format(Locale.ROOT, "%,.0f/s", value))));
                text(svg, "value", LEFT + w + 4, barY + 10, compact(value) + "/s", "start", 10);
            }
        }
    }

    private static void sweep(StringBuilder svg, List<ScenarioResult> sweeps, int top) {
        text(svg, "title", 20, top + 24, "lead_sync_20ms latency against offered load (paced, end to end, log scale)", "start", 15);
        int plotTop = top + 50;
        int plotBottom = plotTop + SWEEP_HEIGHT;
        if (sweeps.isEmpty()) {
            text(svg, "empty", LEFT + PLOT_WIDTH / 2.0, plotTop + SWEEP_HEIGHT / 2.0, "no latency sweep in this run", "middle", 13);
            return;
        }
        legend(svg, LEFT + PLOT_WIDTH - 250, top + 20);
        double maxRate = sweeps.stream().flatMap(r -> r.sweep().stream()).mapToDouble(LatencySweep.SweepPoint::offeredPerSec).max().orElse(1);
        long maxMs = sweeps.stream().flatMap(r -> r.sweep().stream()).mapToLong(p -> p.latency().max()).max().orElse(10);
        double xMax = niceCeiling(maxRate * 1.05);
        int yHi = Math.max(2, (int) Math.ceil(Math.log10(Math.max(10, maxMs))));
        for (int d = 0; d <= yHi; d++) {
            double y = plotBottom - SWEEP_HEIGHT * d / (double) yHi;
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, y, LEFT + PLOT_WIDTH, y));
            text(svg, "tick", LEFT - 6, y + 4, compact(Math.pow(10, d)) + " ms", "end", 11);
        }
        for (int i = 0; i <= 5; i++) {
            double x = LEFT + PLOT_WIDTH * i / 5.0;
            text(svg, "tick", x, plotBottom + 16, compact(xMax * i / 5), "middle", 11);
        }
        text(svg, "axis", LEFT + PLOT_WIDTH / 2.0, plotBottom + 34, "offered requests/s", "middle", 12);
        double targetY = y(TargetCheck.MAX_P99_MS, yHi, plotBottom);
        svg.append(String.format(Locale.ROOT, "<line class=\"target\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c00\" "
                + "stroke-dasharray=\"2,3\"/>%n", LEFT, targetY, LEFT + PLOT_WIDTH, targetY));
        text(svg, "target-label", LEFT + PLOT_WIDTH + 4, targetY + 4, "p99 target (at_least_once)", "start", 10);
        for (ScenarioResult r : sweeps) {
            for (String which : List.of("p50", "p99")) {
                List<String> points = new ArrayList<>();
                for (LatencySweep.SweepPoint p : r.sweep()) {
                    long ms = which.equals("p50") ? p.latency().p50() : p.latency().p99();
                    double x = LEFT + PLOT_WIDTH * p.offeredPerSec() / xMax;
                    double y = y(ms, yHi, plotBottom);
                    points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
                    svg.append(String.format(Locale.ROOT, "<circle class=\"point\" data-series=\"%s %s\" data-rate=\"%.0f\" "
                                    + "data-ms=\"%d\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s</title></circle>%n",
                            which, r.guarantee(), p.offeredPerSec(), ms, x, y, colour(r.guarantee()),
                            escape(String.format(Locale.ROOT, "%s %s at %,.0f/s: %d ms", r.guarantee(), which, p.offeredPerSec(), ms))));
                }
                svg.append(String.format(Locale.ROOT, "<polyline class=\"series\" data-series=\"%s %s\" points=\"%s\" fill=\"none\" "
                        + "stroke=\"%s\" stroke-width=\"1.5\"%s/>%n", which, r.guarantee(), String.join(" ", points),
                        colour(r.guarantee()), which.equals("p50") ? " stroke-dasharray=\"5,4\"" : ""));
                LatencySweep.SweepPoint last = r.sweep().get(r.sweep().size() - 1);
                long lastMs = which.equals("p50") ? last.latency().p50() : last.latency().p99();
                text(svg, "series-label", LEFT + PLOT_WIDTH * last.offeredPerSec() / xMax + 6, y(lastMs, yHi, plotBottom) + 4,
                        which, "start", 10);
            }
        }
    }

    private static double y(double ms, int decades, int bottom) {
        return bottom - SWEEP_HEIGHT * Math.log10(Math.max(1, ms)) / decades;
    }

    private static void legend(StringBuilder svg, double x, double y) {
        int i = 0;
        for (String guarantee : List.of(TargetCheck.EXACTLY_ONCE, TargetCheck.AT_LEAST_ONCE)) {
            double at = x + i++ * 130;
            svg.append(String.format(Locale.ROOT, "<rect class=\"legend\" x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    at, y - 10, colour(guarantee)));
            text(svg, "legend-label", at + 16, y, guarantee, "start", 11);
        }
    }

    private static void text(StringBuilder svg, String cls, double x, double y, String text, String anchor, int size) {
        svg.append(String.format(Locale.ROOT, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                cls, x, y, anchor, size, escape(text)));
    }

    static String colour(String guarantee) {
        return guarantee.equals(TargetCheck.EXACTLY_ONCE) ? EXACTLY_ONCE_COLOUR : AT_LEAST_ONCE_COLOUR;
    }

    /** 16, 950, 12k, 1.5M: short numbers for axes and labels. */
    static String compact(double value) {
        if (value >= 1e6) {
            return trim(value / 1e6) + "M";
        }
        if (value >= 1e3) {
            return trim(value / 1e3) + "k";
        }
        return trim(value);
    }

    private static String trim(double v) {
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten at or above {@code value}. */
    static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(1, value))));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= value) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
