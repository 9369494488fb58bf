package dev.orchestrators.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bench's arithmetic and JSON output, without a broker. */
class BenchFiguresTest {

    @Test
    @DisplayName("percentiles use the nearest rank: p50 of 1..100 is 50, p99 is 99, max is 100")
    void shouldComputeNearestRankPercentiles() {
        long[] samples = LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray();

        LatencySummary summary = LatencySummary.of(samples);

        assertThat(summary).isEqualTo(new LatencySummary(100, 50, 99, 100));
        assertThat(samples[0]).as("input left unsorted").isEqualTo(100);
    }

    @Test
    @DisplayName("a single sample is every percentile; no samples summarise to zeros")
    void shouldSummariseTinyAndEmptySamples() {
        assertThat(LatencySummary.of(new long[] {7})).isEqualTo(new LatencySummary(1, 7, 7, 7));
        assertThat(LatencySummary.of(new long[] {5, 6}, 0)).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    @DisplayName("only the first length entries are summarised")
    void shouldSummariseAPrefixOfAGrowableBuffer() {
        assertThat(LatencySummary.of(new long[] {3, 1, 2, 999, 999}, 3)).isEqualTo(new LatencySummary(3, 2, 3, 3));
    }

    @Test
    @DisplayName("a percentile outside (0, 100] is rejected")
    void shouldRejectPercentilesOutOfRange() {
        assertThatThrownBy(() -> LatencySummary.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencySummary.percentile(new long[] {1}, 100.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("throughput counts the records after the first over the time from first to last")
    void shouldMeasureThroughputFromFirstToLastRecord() {
        assertThat(Throughput.perSecond(1_001, 0, 1_000_000_000L)).isEqualTo(1_000.0);
        assertThat(Throughput.perSecond(1, 0, 5)).isZero();
        assertThat(Throughput.ratio(1, 0)).isNaN();
    }

    @Test
    @DisplayName("steady throughput counts only what became readable between two bursts, not the first burst")
    void shouldNotCreditTheFirstCommitBurstToAnInstant() {
        long second = 1_000_000_000L;
        // 4 bursts of 100 records, one per second (a commit each): 300 records readable within 3 s after the first
        long[] arrivals = new long[400];
        for (int i = 0; i < arrivals.length; i++) {
            arrivals[i] = (i / 100) * second;
        }

        assertThat(Throughput.perSecond(400, 0, 3 * second)).isEqualTo(133.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(Throughput.steadyPerSecond(arrivals, 400)).isEqualTo(100.0);
    }

    @Test
    @DisplayName("the JSON lists every scenario with the required fields, the ratios and the targets")
    void shouldWriteScenariosRatiosAndTargetsAsJson() throws Exception {
        BenchReport report = new BenchReport("bin/orchestrator bench --quick", "2026-01-01T00:00Z",
                new MachineInfo(2, 8.0, "cpu", "jvm", "os"), Map.of("partitions", "6"), List.of(
                result("identity", "at_least_once", 10_000),
                result("lead_sync_inmem", "at_least_once", 6_000),
                result("naive_20ms", "at_least_once", 16),
                result("lead_sync_20ms", "at_least_once", 2_400),
                result("lead_sync_20ms_x2", "at_least_once", 3_600)));

        JsonNode json = new ObjectMapper().readTree(report.toJson());

        JsonNode first = json.get("scenarios").get(0);
        assertThat(first.fieldNames()).toIterable().contains("name", "guarantee", "envelopes_per_sec", "p50_ms",
                "p99_ms", "max_ms", "instances");
        assertThat(first.get("p99_ms").asLong()).as("latency figures are the paced phase's").isEqualTo(40);
        assertThat(json.get("scenarios")).hasSize(5);
        assertThat(ratio(json, "lead_sync_inmem/identity").get("value").asDouble()).isEqualTo(0.6);
        assertThat(ratio(json, "lead_sync_20ms/naive_20ms").get("value").asDouble()).isEqualTo(150.0);
        assertThat(ratio(json, "lead_sync_20ms_x2/lead_sync_20ms").get("target").isNull()).as("context only").isTrue();
        assertThat(json.get("targets").findValuesAsText("target"))
                .contains("lead_sync_20ms p99 <= 80 ms at 5,000 requests/s", "lead_sync_20ms >= 1,200x naive_20ms");
    }

    @Test
    @DisplayName("the JSON carries the latency sweep, the join's rebalance, the write profile and every target with its margin")
    void shouldWriteTheSweepRebalanceProfileAndMarginsAsJson() throws Exception {
        // given
        BenchReport report = BenchReports.full();

        // when
        JsonNode json = new ObjectMapper().readTree(report.toJson());

        // then
        JsonNode leadSync = scenario(json, "lead_sync_20ms", "at_least_once");
        assertThat(leadSync.get("latency_sweep").findValuesAsText("offered_per_sec")).containsExactly("1000.0", "5000.0", "12000.0");
        assertThat(leadSync.get("p99_ms").asLong()).as("the 5,000/s point").isEqualTo(70);
        JsonNode rebalance = scenario(json, "lead_sync_limited_join", "at_least_once").get("rebalance");
        assertThat(rebalance.get("steady_per_sec").asDouble()).isEqualTo(400.0);
        assertThat(rebalance.get("dip_depth").asDouble()).isEqualTo(0.25);
        assertThat(rebalance.get("dip_duration_s").asDouble()).isEqualTo(2.5);
        assertThat(rebalance.get("stable_s").asDouble()).isEqualTo(4.0);
        assertThat(rebalance.get("timeline")).hasSize(4);
        assertThat(scenario(json, "lead_sync_limited_join", "at_least_once").get("p99_ms").isNull()).as("no paced phase").isTrue();
        assertThat(json.get("write_profile").get("bytes_per_request").asDouble()).isEqualTo(3_098.0);
        assertThat(json.get("targets")).hasSize(report.targets().size());
        for (JsonNode target : json.get("targets")) {
            assertThat(target.get("margin").asText()).as(target.get("target").asText()).matches("[+-]\\d+%");
            assertThat(target.get("required").asText()).isNotBlank();
        }
        assertThat(ratio(json, "lead_sync_limited_x4/lead_sync_limited_x1").get("target").asDouble()).isEqualTo(3.6);
    }

    @Test
    @DisplayName("the saga and router figures come with their FAILED share and their ratios to lead_sync, noted")
    void shouldReportTheSagaAndRouterNextToLeadSync() throws Exception {
        // given
        BenchReport report = new BenchReport("bin/orchestrator bench --quick", "2026-01-01T00:00Z",
                new MachineInfo(2, 8.0, "cpu", "jvm", "os"), Map.of(), List.of(
                result("lead_sync_inmem", "exactly_once_v2", 8_000, 0),
                result("saga_inmem", "exactly_once_v2", 4_000, 0.1),
                result("router_inmem", "exactly_once_v2", 2_000, 0),
                result("lead_sync_20ms", "exactly_once_v2", 6_000, 0),
                result("saga_20ms", "exactly_once_v2", 3_000, 0.1),
                result("router_20ms", "exactly_once_v2", 3_000, 0)));

        // when
        JsonNode json = new ObjectMapper().readTree(report.toJson());

        // then
        assertThat(json.get("scenarios").findValuesAsText("name"))
                .containsExactly("lead_sync_inmem", "saga_inmem", "router_inmem", "lead_sync_20ms", "saga_20ms", "router_20ms");
        assertThat(json.get("scenarios").get(1).get("failed_share").asDouble()).isEqualTo(0.1);
        assertThat(ratio(json, "saga_inmem/lead_sync_inmem").get("value").asDouble()).isEqualTo(0.5);
        assertThat(ratio(json, "router_inmem/lead_sync_inmem").get("value").asDouble()).isEqualTo(0.25);
        assertThat(ratio(json, "router_inmem/lead_sync_inmem").get("description").asText()).contains("two flows");
        assertThat(ratio(json, "saga_20ms/lead_sync_20ms").get("value").asDouble()).isEqualTo(0.5);
        assertThat(ratio(json, "router_20ms/lead_sync_20ms").get("target").isNull()).isTrue();
        assertThat(report.table()).contains("FAILED %").contains("| saga_inmem | exactly_once_v2 |").contains("| 10.0 |");
        assertThat(report.ratioTable()).contains("| router_inmem/lead_sync_inmem | exactly_once_v2 | 0.25 | context: each request passes two flows");
    }

    @Test
    @DisplayName("the FAILED share of a scenario that writes no envelopes is not shown as zero")
    void shouldShowNoFailedShareForTheBaselines() throws Exception {
        BenchReport report = new BenchReport("cmd", "date", new MachineInfo(2, 8.0, "cpu", "jvm", "os"), Map.of(),
                List.of(result("identity", "at_least_once", 1)));

        JsonNode json = new ObjectMapper().readTree(report.toJson());

        assertThat(json.get("scenarios").get(0).get("failed_share").isNull()).isTrue();
        assertThat(report.table()).contains("| - | - / 100 |");
    }

    @Test
    @DisplayName("the p99 target is missed, not met, when 5,000/s could not be offered")
    void shouldMissTheLatencyTargetWhenTheLoadWasNotReached() {
        ScenarioResult slow = new ScenarioResult("lead_sync_20ms", "at_least_once", 1, "child-jvm", 100, 1_500, 1_500,
                LatencySummary.EMPTY, 1_050, new LatencySummary(100, 20, 40, 50), 0, true, 0, 100, 50);

        TargetCheck p99 = TargetCheck.evaluate(List.of(slow), List.of(), 100).stream()
                .filter(t -> t.target().contains("p99")).findFirst().orElseThrow();

        assertThat(p99.met()).isFalse();
        assertThat(p99.measured()).contains("not attainable");
    }

    @Test
    @DisplayName("regenerating BENCHMARKS.md keeps the hand-written analysis")
    void shouldKeepTheNotesBlock(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("BENCHMARKS.md");
        java.nio.file.Files.writeString(file, "old\n" + BenchmarksMarkdown.NOTES_START + "\nmy analysis\n"
                + BenchmarksMarkdown.NOTES_END + "\n");
        BenchReport report = new BenchReport("cmd", "date", new MachineInfo(2, 8.0, "cpu", "jvm", "os"), Map.of(),
                List.of(result("identity", "at_least_once", 1)));

        BenchmarksMarkdown.write(file, report);

        assertThat(java.nio.file.Files.readString(file)).contains("my analysis").doesNotContain("old\n")
                .contains("| identity | at_least_once |");
    }

    private static JsonNode scenario(JsonNode json, String name, String guarantee) {
        for (JsonNode r : json.get("scenarios")) {
            if (r.get("name").asText().equals(name) && r.get("guarantee").asText().equals(guarantee)) {
                return r;
            }
        }
        throw new AssertionError("no scenario " + name + " " + guarantee);
    }

    private static JsonNode ratio(JsonNode json, String name) {
        for (JsonNode r : json.get("ratios")) {
            if (r.get("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no ratio " + name + " in " + json.get("ratios"));
    }

    private static ScenarioResult result(String name, String guarantee, double perSecond) {
        return result(name, guarantee, perSecond, -1);
    }

    private static ScenarioResult result(String name, String guarantee, double perSecond, double failedShare) {
        return new ScenarioResult(name, guarantee, name.endsWith("x2") ? 2 : 1, "in-process", 1_000, perSecond, perSecond,
                new LatencySummary(1_000, 100, 900, 1_000), perSecond * 0.7, new LatencySummary(500, 20, 40, 60),
                0, true, failedShare, -1, 100);
    }
}
