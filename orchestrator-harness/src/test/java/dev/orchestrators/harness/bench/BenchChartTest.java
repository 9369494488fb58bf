package dev.orchestrators.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG the bench writes next to BENCHMARKS.md, parsed with the JDK's XML parser. */
class BenchChartTest {

    @Test
    @DisplayName("the chart is well-formed SVG with a bar per scenario and guarantee, labelled, and the join left out")
    void shouldDrawABarPerScenarioAndGuarantee() throws Exception {
        // given
        BenchReport report = report(List.of(
                TargetCheckTest.result("identity", "exactly_once_v2", 236_404, 0, 0, -1),
                TargetCheckTest.result("identity", "at_least_once", 252_158, 0, 0, -1),
                TargetCheckTest.result("naive_20ms", "exactly_once_v2", 16, 0, 0, -1),
                TargetCheckTest.result("naive_20ms", "at_least_once", 16, 0, 0, -1),
                TargetCheckTest.result("lead_sync_limited_x1", "at_least_once", 395, 0, 0, -1),
                join()));

        // when
        Document svg = parse(BenchChart.render(report));

        // then
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        List<Element> bars = byClass(svg, "rect", "bar");
        assertThat(bars).hasSize(5);
        assertThat(bars).extracting(b -> b.getAttribute("data-scenario") + " " + b.getAttribute("data-guarantee"))
                .containsExactly("identity exactly_once_v2", "identity at_least_once", "naive_20ms exactly_once_v2",
                        "naive_20ms at_least_once", "lead_sync_limited_x1 at_least_once");
        assertThat(bars.get(0).getAttribute("fill")).isEqualTo(BenchChart.EXACTLY_ONCE_COLOUR);
        assertThat(bars.get(1).getAttribute("fill")).isEqualTo(BenchChart.AT_LEAST_ONCE_COLOUR);
        assertThat(Double.parseDouble(bars.get(0).getAttribute("width")))
                .as("log scale: 236k is far wider than 16").isGreaterThan(3 * Double.parseDouble(bars.get(2).getAttribute("width")));
        assertThat(texts(svg, "label")).containsExactly("identity", "naive_20ms", "lead_sync_limited_x1");
        assertThat(texts(svg, "value")).contains("236k/s", "16/s", "395/s");
        assertThat(texts(svg, "empty")).containsExactly("no latency sweep in this run");
    }

    @Test
    @DisplayName("the latency panel has a p50 and a p99 point per sweep rate and guarantee, and the p99 target line")
    void shouldPlotTheLatencySweep() throws Exception {
        // given
        List<LatencySweep.SweepPoint> eos = List.of(point(1_000, 110, 150), point(5_000, 120, 170), point(12_000, 900, 2_400));
        List<LatencySweep.SweepPoint> alos = List.of(point(1_000, 62, 70), point(5_000, 64, 78), point(12_000, 700, 2_000));
        BenchReport report = report(List.of(sweep("exactly_once_v2", eos), sweep("at_least_once", alos)));

        // when
        Document svg = parse(BenchChart.render(report));

        // then
        List<Element> points = byClass(svg, "circle", "point");
        assertThat(points).hasSize(12);
        assertThat(points).filteredOn(p -> p.getAttribute("data-series").equals("p99 at_least_once"))
                .extracting(p -> p.getAttribute("data-rate") + "=" + p.getAttribute("data-ms"))
                .containsExactly("1000=70", "5000=78", "12000=2000");
        assertThat(byClass(svg, "polyline", "series")).hasSize(4);
        assertThat(byClass(svg, "line", "target")).hasSize(1);
        Element slow = points.stream().filter(p -> p.getAttribute("data-ms").equals("2400")).findFirst().orElseThrow();
        Element fast = points.stream().filter(p -> p.getAttribute("data-ms").equals("62")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(slow.getAttribute("cy"))).as("higher latency is higher up").isLessThan(Double.parseDouble(fast.getAttribute("cy")));
        assertThat(Double.parseDouble(slow.getAttribute("cx"))).isGreaterThan(Double.parseDouble(fast.getAttribute("cx")));
        assertThat(texts(svg, "tick")).contains("1 ms", "10 ms", "100 ms", "1k ms");
    }

    @Test
    @DisplayName("numbers are shortened for labels, and text is escaped")
    void shouldFormatAndEscapeLabels() {
        assertThat(BenchChart.compact(16)).isEqualTo("16");
        assertThat(BenchChart.compact(12_500)).isEqualTo("12.5k");
        assertThat(BenchChart.compact(340_202)).isEqualTo("340k");
        assertThat(BenchChart.compact(1_000_000)).isEqualTo("1M");
        assertThat(BenchChart.niceCeiling(12_600)).isEqualTo(20_000);
        assertThat(BenchChart.escape("a<b & \"c\"")).isEqualTo("a&lt;b &amp; &quot;c&quot;");
    }

    @Test
    @DisplayName("BENCHMARKS.md links the chart written next to it")
    void shouldWriteTheChartNextToTheReport(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path md = dir.resolve("BENCHMARKS.md");

        BenchmarksMarkdown.write(md, report(List.of(TargetCheckTest.result("identity", "at_least_once", 1_000, 0, 0, -1))));

        assertThat(dir.resolve("BENCHMARKS.svg")).exists();
        assertThat(java.nio.file.Files.readString(md)).contains("](BENCHMARKS.svg)");
        parse(java.nio.file.Files.readString(dir.resolve("BENCHMARKS.svg")));
    }

    private static ScenarioResult sweep(String guarantee, List<LatencySweep.SweepPoint> points) {
        return new ScenarioResult("lead_sync_20ms", guarantee, 1, "child-jvm", 1_000, 12_000, 12_000, LatencySummary.EMPTY,
                5_000, points.get(1).latency(), 0, true, 0, 70, 40, points, null);
    }

    private static ScenarioResult join() {
        RateTimeline timeline = new RateTimeline(100, 1_000, List.of(new RateTimeline.Sample(0, 400)));
        return new ScenarioResult("lead_sync_limited_join", "at_least_once", 2, "child-jvm", 1_000, 500, 500, LatencySummary.EMPTY,
                0, LatencySummary.EMPTY, 0, true, 0, -1, -1, List.of(),
                new RebalanceResult(400, 790, 3.1, 4.0, new RateTimeline.Dip(0, 0, 3_000, 2_500, true), timeline));
    }

    private static LatencySweep.SweepPoint point(double rate, long p50, long p99) {
        return new LatencySweep.SweepPoint(rate, (int) rate, new LatencySummary((int) rate, p50, p99, p99 + 20), true);
    }

    private static BenchReport report(List<ScenarioResult> results) {
        return new BenchReport("bin/orchestrator bench", "2026-11-26T00:00Z", new MachineInfo(2, 24, "cpu", "jvm", "os"), Map.of(), results);
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> byClass(Document doc, String tag, String cls) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (e.getAttribute("class").equals(cls)) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<String> texts(Document doc, String cls) {
        return byClass(doc, "text", cls).stream().map(Element::getTextContent).toList();
    }
}
