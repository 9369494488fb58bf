package dev.orchestrators.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** BENCHMARKS.md as the bench renders it: every figure of the issue, with its target and margin. */
class BenchmarksMarkdownTest {

    @Test
    @DisplayName("a full run renders the sweep, the write profile, scaling, the join, the ratios and the chart link")
    void shouldRenderEverySectionOfAFullRun() {
        // given
        BenchReport report = BenchReports.full();

        // when
        String md = BenchmarksMarkdown.render(report, "my analysis\n", "BENCHMARKS.svg");

        // then
        assertThat(md).contains("![Throughput per scenario, and lead_sync_20ms latency against offered load](BENCHMARKS.svg)");
        assertThat(section(md, "## Latency against offered load"))
                .contains("| lead_sync_20ms | at_least_once | 5,000 | 15,000 | 63 | 70 | 90 | yes |")
                .contains("| lead_sync_20ms | exactly_once_v2 | 12,000 | 36,000 | 700 | 2400 | 2420 | yes |");
        assertThat(section(md, "## What lead_sync writes"))
                .contains("| `<id>.audit` | 2.00 | 28 | 878 | run_id, flow | {cleanup.policy=compact} |")
                .contains("| `lead_sync.results` | 1.00 | 6 | 1280 | run_id, flow, status | - |")
                .contains("Per request: 3.00 records, 3,098 bytes of keys and values (measured on 200 requests).");
        assertThat(section(md, "## Scaling"))
                .contains("one instance capped at 400/s by its per-tool limit answered 400/s, 2 instances 790/s (1.98x), "
                        + "4 instances 1,500/s (3.75x) on the same 12 partitions.")
                .contains("the group had the new member 3.1 s after its JVM started and was stable 4.0 s after; output fell "
                        + "to 25% of its steady 400/s and stayed below 90% of it for 2.5 s, then ran at 790/s.")
                .contains("Unlimited, a worker spends 38 us of CPU per lead_sync_20ms envelope")
                .contains("**Past one machine.**").contains("**What grows with the number of keys in flight.**");
        assertThat(section(md, "### A worker joining under load"))
                .contains("| lead_sync_limited_join | at_least_once | 400 | 790 | 3.1 | 4.0 | 100 | 0.25 | 3.0 | 2.5 |")
                .contains("- at_least_once (envelopes/s over the second before each instant; t = 0 when the second worker "
                        + "JVM started): -1 s: 400, +0 s: 400, +3 s: 100, +6 s: 790");
        assertThat(section(md, "## Ratios"))
                .contains("| lead_sync_inmem/envelope_identity | at_least_once | 0.75 | lead_sync_inmem >= 0.7x envelope_identity |")
                .contains("| lead_sync_inmem/identity | at_least_once | 0.12 | context (the old yardstick)");
        assertThat(md).contains(BenchmarksMarkdown.NOTES_START + "\nmy analysis\n" + BenchmarksMarkdown.NOTES_END);
    }

    @Test
    @DisplayName("the targets table holds every target of the issue under both guarantees, each with its margin")
    void shouldListEveryTargetWithItsMargin() {
        // given
        BenchReport report = BenchReports.full();

        // when
        String targets = section(BenchmarksMarkdown.render(report, "", "BENCHMARKS.svg"), "## Targets");

        // then
        assertThat(targets)
                .contains("| lead_sync_20ms worker CPU <= 40 us per envelope | at_least_once | 38 us | <= 40 us | met | +5% |")
                .contains("| lead_sync_20ms >= 20,000 envelopes/s on one worker | exactly_once_v2 | 21,000/s | >= 20,000/s | met | +5% |")
                .contains("| lead_sync_20ms p99 <= 80 ms at 5,000 requests/s | at_least_once | 70 ms | <= 80 ms | met | +13% |")
                .contains("| lead_sync_20ms p99 <= commit interval + 80 ms at 5,000 requests/s | exactly_once_v2 | 170 ms | "
                        + "<= 180 ms | met | +6% |")
                .contains("| lead_sync_20ms >= 1,200x naive_20ms | at_least_once | 1,375.00x | >= 1,200.00x | met | +15% |")
                .contains("| lead_sync_inmem >= 0.7x envelope_identity | at_least_once | 0.75x | >= 0.70x | met | +7% |")
                .contains("| lead_sync_limited_x2 >= 1.9x lead_sync_limited_x1 | at_least_once | 1.98x | >= 1.90x | met | +4% |")
                .contains("| lead_sync_limited_x4 >= 3.6x lead_sync_limited_x1 | exactly_once_v2 | 3.75x | >= 3.60x | met | +4% |")
                .contains("| identity exactly_once_v2 >= 0.9x at_least_once | exactly_once_v2/at_least_once | 0.92x | >= 0.90x | met | +2% |");
        List<TargetCheck> checks = report.targets();
        for (String g : List.of(TargetCheck.EXACTLY_ONCE, TargetCheck.AT_LEAST_ONCE)) {
            assertThat(checks).filteredOn(t -> t.guarantee().equals(g)).extracting(TargetCheck::target).containsExactlyInAnyOrder(
                    "lead_sync_20ms worker CPU <= 40 us per envelope", "lead_sync_20ms >= 20,000 envelopes/s on one worker",
                    g.equals(TargetCheck.EXACTLY_ONCE) ? "lead_sync_20ms p99 <= commit interval + 80 ms at 5,000 requests/s"
                            : "lead_sync_20ms p99 <= 80 ms at 5,000 requests/s",
                    "lead_sync_inmem >= 0.7x envelope_identity", "lead_sync_20ms >= 1,200x naive_20ms",
                    "lead_sync_limited_x2 >= 1.9x lead_sync_limited_x1", "lead_sync_limited_x4 >= 3.6x lead_sync_limited_x1");
        }
        assertThat(checks).filteredOn(t -> t.guarantee().equals("exactly_once_v2/at_least_once")).extracting(TargetCheck::target)
                .as("every scenario but the join").hasSize(8).noneMatch(t -> t.startsWith("lead_sync_limited_join"));
        assertThat(checks).allSatisfy(t -> assertThat(t.margin()).matches("[+-]\\d+%"));
    }

    @Test
    @DisplayName("a run without the sweep, the profile or the join leaves their sections out, and says the scaling scenarios did not run")
    void shouldLeaveOutWhatDidNotRun() {
        // given
        BenchReport report = new BenchReport("cmd", "date", BenchReports.MACHINE, Map.of(),
                List.of(BenchReports.throughput("identity", "at_least_once", 1_000)));

        // when
        String md = BenchmarksMarkdown.render(report, "", "BENCHMARKS.svg");

        // then
        assertThat(md).doesNotContain("## Latency against offered load").doesNotContain("## What lead_sync writes")
                .doesNotContain("### A worker joining under load")
                .contains("the limited scaling scenarios did not run").contains("**Past one machine.**")
                .contains("](BENCHMARKS.svg)");
    }

    @Test
    @DisplayName("the method states the bench's own settings (per-tool limit, capacity, partitions), with no placeholder left")
    void shouldFillTheMethodFromTheBenchConstants() {
        String method = BenchmarksMarkdown.method();

        assertThat(method).contains("`-D orchestrator.tool.enrichment_service.max.concurrent=8`")
                .contains("8 / 20 ms = 400 envelopes/s").contains("12 partitions (3 tasks per instance at 4)")
                .contains("`orchestrator.max.in.flight=25`").contains("1,000, 2,000, 5,000, 10,000, 20,000, 40,000/s")
                .contains("on 200 requests").contains("below 90% of the steady rate");
        assertThat(Pattern.compile("%(\\d+\\$)?[-,.0-9]*[sdf]").matcher(method).find()).as("unfilled placeholder").isFalse();
        assertThat(ScalingSection.text()).contains("12 partitions serve 1, 2, 3, 4, 6, 12 instances evenly")
                .contains("(default 7 days)").contains("(20 ms each here)")
                .doesNotContain("%");
    }

    @Test
    @DisplayName("a join whose new member never showed, or whose output never dipped, is described as such")
    void shouldDescribeJoinsThatDidNotHappenAsExpected() {
        RateTimeline timeline = new RateTimeline(100, 1_000, List.of());
        RebalanceResult neverJoined = new RebalanceResult(400, 400, -1, -1, new RateTimeline.Dip(390, 0.975, 0, 0, true), timeline);
        RebalanceResult neverStable = new RebalanceResult(400, 420, 2.0, -1, new RateTimeline.Dip(0, 0, 2_000, 18_000, false), timeline);

        assertThat(ScalingSection.join(neverJoined)).contains("the group did not show the new member within the watched window")
                .contains("output never fell below 90% of it (lowest 98% of its steady 400/s)");
        assertThat(ScalingSection.join(neverStable)).contains("had the new member 2.0 s after its JVM started but was not stable")
                .contains("stayed below 90% of it for 18.0 s (to the end of the window)");
    }

    /** The text of {@code heading}'s section, up to the next heading of the same or a higher level. */
    private static String section(String md, String heading) {
        int start = md.indexOf(heading);
        assertThat(start).as("section " + heading).isNotNegative();
        int level = heading.indexOf(' ');
        Pattern next = Pattern.compile("\n#{1," + level + "} ");
        java.util.regex.Matcher m = next.matcher(md);
        return m.find(start + heading.length()) ? md.substring(start, m.start()) : md.substring(start);
    }
}
