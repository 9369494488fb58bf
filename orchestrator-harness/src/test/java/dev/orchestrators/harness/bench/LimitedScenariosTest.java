package dev.orchestrators.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.tool.ToolLimits;
import dev.orchestrators.samples.SampleTools;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The lead_sync_limited_* scenarios: workers capped by the runtime's own per-tool limit, on the same partitions. */
class LimitedScenariosTest {

    @Test
    @DisplayName("the limit is the runtime's documented per-tool key: the worker's configuration caps enrichment_service at 8 calls")
    void shouldLimitTheToolThroughTheRuntimeConfiguration() {
        // when
        OrchestratorConfig config = new OrchestratorConfig(Scenario.LEAD_SYNC_LIMITED_X2.runtimeOverrides());

        // then
        ToolLimits limits = config.toolLimits().get(SampleTools.ENRICHMENT);
        assertThat(limits.maxConcurrent()).isEqualTo(8);
        assertThat(limits.ratePerSecond()).isZero();
        assertThat(config.getInt(OrchestratorConfig.MAX_IN_FLIGHT_CONFIG)).isEqualTo(Scenario.LIMITED_MAX_IN_FLIGHT);
        assertThat(Scenario.limitKey()).isEqualTo("orchestrator.tool.enrichment_service.max.concurrent");
        assertThat(Scenario.LEAD_SYNC_20MS.runtimeOverrides()).as("unlimited scenarios add nothing").isEmpty();
    }

    @Test
    @DisplayName("each worker JVM gets the limit as -D, on top of the bench's settings, with the limited JVM options")
    void shouldStartLimitedWorkersWithTheLimit() {
        // given
        BenchSettings settings = settings(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30));
        Map<String, String> runtime = new java.util.LinkedHashMap<>(settings.runtimeConfig());
        runtime.putAll(Scenario.LEAD_SYNC_LIMITED_X4.runtimeOverrides());
        WorkloadSpec spec = new WorkloadSpec("localhost:1", "at_least_once", 12, "bench7-lead_sync_limited_x4-alos",
                "lead_sync.requests", "lead_sync.results", Path.of("/tmp/bench7"), Map.copyOf(runtime), Map.of());

        // when
        String command = String.join(" ", new ChildProcessWorkload(spec, null, BenchFlow.LEAD_SYNC, 4, 20,
                settings.javaOptions(Scenario.LEAD_SYNC_LIMITED_X4)).command(3));

        // then
        assertThat(command).contains("-Xmx768m -XX:TieredStopAtLevel=1 -cp")
                .contains("-D orchestrator.tool.enrichment_service.max.concurrent=8")
                .contains("-D orchestrator.max.in.flight=25").contains("--partitions 12").contains("--sample-latency-ms 20");
        assertThat(settings.javaOptions(Scenario.LEAD_SYNC_20MS)).containsExactly("-Xmx768m");
    }

    @Test
    @DisplayName("x1, x2 and x4 run on the same 12 partitions with the same work per instance: N x 400/s for the work time")
    void shouldGiveEveryInstanceTheSameWorkOnTheSamePartitions() {
        BenchSettings settings = settings(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30));

        assertThat(Scenario.limitedCapacityPerInstance()).isEqualTo(400.0);
        assertThat(List.of(Scenario.LEAD_SYNC_LIMITED_X1, Scenario.LEAD_SYNC_LIMITED_X2, Scenario.LEAD_SYNC_LIMITED_X4))
                .extracting(s -> s.partitions(6)).containsOnly(Scenario.LIMITED_PARTITIONS);
        assertThat(Scenario.LEAD_SYNC_20MS.partitions(6)).isEqualTo(6);
        assertThat(settings.backlog(Scenario.LEAD_SYNC_LIMITED_X1)).isEqualTo(12_000);
        assertThat(settings.backlog(Scenario.LEAD_SYNC_LIMITED_X2)).isEqualTo(24_000);
        assertThat(settings.backlog(Scenario.LEAD_SYNC_LIMITED_X4)).isEqualTo(48_000);
        assertThat(settings.warmUp(Scenario.LEAD_SYNC_LIMITED_X4)).as("a quarter of the work time").isEqualTo(12_000);
        assertThat(settings.warmUp(Scenario.LEAD_SYNC_20MS)).isEqualTo(settings.warmUpRequests());
        assertThat(Scenario.LEAD_SYNC_LIMITED_X1.latency()).isEqualTo(Scenario.Latency.NONE);
        assertThat(Scenario.LEAD_SYNC_20MS.latency()).isEqualTo(Scenario.Latency.SWEEP);
    }

    @Test
    @DisplayName("the join starts one worker and keeps it loaded: one instance's work before, half again as much as two need after")
    void shouldKeepTheJoinLoadedThroughTheWatchedWindow() {
        BenchSettings settings = settings(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30));

        assertThat(settings.backlog(Scenario.LEAD_SYNC_LIMITED_JOIN)).isEqualTo(400 * 10 + 3 * 400 * 30);
        assertThat(settings.warmUp(Scenario.LEAD_SYNC_LIMITED_JOIN)).as("one instance's warm-up").isEqualTo(3_000);
        assertThat(Scenario.LEAD_SYNC_LIMITED_JOIN.join()).isTrue();
        assertThat(Scenario.LEAD_SYNC_LIMITED_JOIN.instances()).as("after the join").isEqualTo(2);
    }

    @Test
    @DisplayName("--scenarios selects the scaling scenarios by name; --join-seconds needs time for a steady rate before and after")
    void shouldParseTheScalingOptions() {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs("--quick", "--scenarios", "envelope_identity,lead_sync_limited_x1,lead_sync_limited_x2");

        assertThat(command.scenarios.stream().map(Scenario::byLabel))
                .containsExactly(Scenario.ENVELOPE_IDENTITY, Scenario.LEAD_SYNC_LIMITED_X1, Scenario.LEAD_SYNC_LIMITED_X2);
        assertThatThrownBy(() -> Scenario.byLabel("lead_sync_limited_x3")).hasMessageContaining("lead_sync_limited_x4");

        CommandLine cli = new CommandLine(new BenchCommand());
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err));
        int exit = cli.execute("--join-seconds", "1,30", "--output", "/nonexistent/never-written.md");
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("--join-seconds: expected BEFORE,AFTER with BEFORE >= 3 and AFTER >= 10");
    }

    private static BenchSettings settings(Duration limitedWork, Duration joinBefore, Duration joinAfter) {
        return new BenchSettings(200_000, 500_000, 6, Duration.ofSeconds(15), Duration.ofSeconds(12), 0.7, 5_000,
                Duration.ofMinutes(10), Map.of(OrchestratorConfig.NUM_STREAM_THREADS_CONFIG, "1"), Map.of(), List.of("-Xmx768m"),
                Path.of("/tmp/bench"), false, 10, Duration.ofSeconds(8), limitedWork, joinBefore, joinAfter,
                List.of("-XX:TieredStopAtLevel=1"));
    }
}
