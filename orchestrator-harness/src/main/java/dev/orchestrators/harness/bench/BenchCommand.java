package dev.orchestrators.harness.bench;

import dev.orchestrators.broker.EmbeddedKafkaBroker;
import dev.orchestrators.cli.spi.CommandPlugin;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrator bench}: measures lead_sync, a saga and a router on the runtime against raw Kafka baselines
 * (identity, envelope_identity: the records lead_sync writes without the flow) and a naive blocking loop, how
 * per-instance-limited workers scale and what a worker joining costs, on one embedded broker, under exactly_once_v2
 * and at_least_once, and writes BENCHMARKS.md and its chart (BENCHMARKS.svg).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark flows against raw Kafka baselines on an embedded broker and write BENCHMARKS.md and BENCHMARKS.svg.",
                "Scenarios: identity, envelope_identity, plain_loop, lead_sync_inmem, lead_sync_20ms (with a latency sweep), "
                        + "naive_20ms, lead_sync_20ms_x2, lead_sync_limited_x1, lead_sync_limited_x2, lead_sync_limited_x4, "
                        + "lead_sync_limited_join, saga_inmem, saga_20ms, router_inmem, router_20ms; each under "
                        + "exactly_once_v2 and at_least_once."})
public final class BenchCommand implements Callable<Integer>, CommandPlugin {
    /** The join's steady rate is measured over its time before the join less the first second (one window). */
    static final int JOIN_MIN_BEFORE_SECONDS = 3;
    /** The rate after the join is the mean of its last seconds ({@link JoinMeasurement#SETTLED}), after the rebalance. */
    static final int JOIN_MIN_AFTER_SECONDS = 10;
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "CI-sized run: fewer requests and shorter phases (a few minutes in total).")
    boolean quick;

    @Option(names = "--requests", description = "Backlog requests per flow scenario (default: 20000 with --quick, else 200000).")
    Integer requests;

    @Option(names = "--baseline-factor", description = "identity and plain_loop get this many times --requests (at most 500000), "
            + "so that their far faster run lasts long enough to measure (default: ${DEFAULT-VALUE}).")
    int baselineFactor = 5;

    @Option(names = "--partitions", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions = 6;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    Path json;

    @Option(names = "--output", paramLabel = "FILE", description = "Markdown report to write; the chart goes next to it "
            + "with the extension .svg (default: ${DEFAULT-VALUE}).")
    Path output = Path.of("BENCHMARKS.md");

    @Option(names = "--scenarios", split = ",", description = "Only these scenarios (default: all).")
    List<String> scenarios = Arrays.stream(Scenario.values()).map(Scenario::label).toList();

    @Option(names = "--guarantees", split = ",", description = "Processing guarantees (default: exactly_once_v2,at_least_once).")
    List<String> guarantees = List.of("exactly_once_v2", "at_least_once");

    @Option(names = "--paced-seconds", description = "Length of each paced (latency) phase (default: 4 with --quick, else 12).")
    Integer pacedSeconds;

    @Option(names = "--naive-seconds", description = "How long naive_20ms works on its backlog (default: 5 with --quick, else 15).")
    Integer naiveSeconds;

    @Option(names = "--paced-fraction", description = "Paced rate as a fraction of backlog throughput (default: ${DEFAULT-VALUE}).")
    double pacedFraction = 0.7;

    @Option(names = "--max-in-flight", description = "orchestrator.max.in.flight of the flow workers (default: ${DEFAULT-VALUE}).")
    int maxInFlight = 1000;

    @Option(names = "--commit-interval-ms", description = "commit.interval.ms of every Streams app (default: ${DEFAULT-VALUE}).")
    long commitIntervalMs = 100;

    @Option(names = "--linger-ms", description = "linger.ms of every producer under test (default: ${DEFAULT-VALUE}).")
    int lingerMs = 5;

    @Option(names = "--child-java-opts", description = "JVM options of worker JVMs (default: ${DEFAULT-VALUE}).")
    String childJavaOpts = "-Xmx768m";

    @Option(names = "--saga-compensating-percent", description = "Share of the saga scenarios' requests, in percent, "
            + "with plan legacy: they fail the third step and are compensated (default: ${DEFAULT-VALUE}).")
    int compensatingPercent = BenchFlow.DEFAULT_COMPENSATING_PERCENT;

    @Option(names = "--sweep-step-seconds", description = "Length of each rate of lead_sync_20ms's latency sweep "
            + "(default: 3 with --quick, else 8).")
    Integer sweepStepSeconds;

    @Option(names = "--limited-seconds", description = "Work per lead_sync_limited_* scenario, in seconds at its "
            + "capacity (default: 8 with --quick, else 30).")
    Integer limitedSeconds;

    @Option(names = "--limited-java-opts", description = "JVM options added for the lead_sync_limited_* worker JVMs "
            + "(default: ${DEFAULT-VALUE}: C1 only, so that a fresh JVM's C2 compilations, tens of CPU-seconds that take a "
            + "minute to settle at the limited rate, do not make four fresh JVMs CPU-bound on two cores).")
    String limitedJavaOpts = "-XX:TieredStopAtLevel=1";

    @Option(names = "--join-seconds", split = ",", paramLabel = "BEFORE,AFTER", description = "lead_sync_limited_join: "
            + "seconds on one worker before the second starts, and seconds watched after (default: 6,20 with --quick, else 10,30).")
    List<Integer> joinSeconds;

    @Option(names = "--keep-work-dir", description = "Keep state directories and worker logs for inspection.")
    boolean keepWorkDir;

    @Option(names = "--no-warm-up", hidden = true, description = "Skip the bench JVM's warm-up round (to see its effect).")
    boolean noWarmUp;

    @Option(names = {"-D", "--config"}, description = "Extra orchestrator configuration for the flow workers, e.g. -D streams.max.poll.records=2000.")
    Map<String, String> extra = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        List<Scenario> selected = scenarios.stream().map(Scenario::byLabel).sorted().toList();
        BenchSettings settings = settings();
        long started = System.nanoTime();
        System.out.printf("bench (%s): %d scenarios x %s, %d requests (identity, envelope_identity, plain_loop: %d), %d partitions; machine: %s%n",
                quick ? "quick" : "full", selected.size(), guarantees, settings.requests(), settings.baselineRequests(),
                partitions, MachineInfo.current());
        List<ScenarioResult> results = new ArrayList<>();
        int failures = 0;
        WriteProfile profile = null;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.newBuilder().port(0).build().start();
             BenchCluster cluster = new BenchCluster(broker.bootstrapServers());
             StallReporter stalls = new StallReporter()) {
            Duration budget = settings.phaseTimeout().plusMinutes(3);
            if (selected.contains(Scenario.ENVELOPE_IDENTITY)) {
                stalls.begin("profiling lead_sync's writes", budget);
                profile = WriteProfiler.measure(broker.bootstrapServers(), cluster, settings, guarantees.get(0));
                System.out.printf("[%4.0f s] lead_sync writes per request: %s%n", (System.nanoTime() - started) / 1e9,
                        profile.summary());
                profile.notes().forEach(n -> System.out.println("    note: " + n));
            }
            ScenarioRunner runner = new ScenarioRunner(broker.bootstrapServers(), cluster, settings, profile);
            stalls.begin("warm-up", budget);
            if (!noWarmUp) {
                // the broker shares this JVM: warm its plain and transactional paths, and those of lead_sync's
                // changelog and compacted audit topics, before anything is measured
                for (String g : guarantees) {
                    runner.warmUp(Scenario.IDENTITY, g);
                }
                for (Scenario s : flowWarmUps(selected)) {
                    runner.warmUp(s, guarantees.get(0));
                }
            }
            System.out.printf("[%4.0f s] warm-up done%n", (System.nanoTime() - started) / 1e9);
            int index = 0;
            for (Scenario scenario : selected) {
                for (String guarantee : guarantees) {
                    index++;
                    stalls.begin(scenario.label() + " " + guarantee, budget);
                    try {
                        ScenarioResult r = runner.run(scenario, guarantee, index);
                        results.add(r);
                        print(r, started);
                    } catch (Exception e) {
                        failures++;
                        System.out.printf("%s %s FAILED: %s%n", scenario.label(), guarantee, e);
                        e.printStackTrace();
                    }
                }
            }
        } finally {
            if (keepWorkDir) {
                System.out.println("worker logs kept in " + settings.workRoot());
            } else {
                ScenarioRunner.deleteRecursively(settings.workRoot());
            }
        }
        BenchReport report = new BenchReport(commandLine(), OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                MachineInfo.current(), describe(settings, selected, (System.nanoTime() - started) / 1e9), results,
                commitIntervalMs, profile);
        System.out.println();
        System.out.println(report.table());
        System.out.println(report.sweepTable());
        System.out.println(report.rebalanceTable());
        System.out.println(report.profileTable());
        System.out.println(report.ratioTable());
        System.out.println(report.targetTable());
        if (json != null) {
            Files.writeString(json, report.toJson(), StandardCharsets.UTF_8);
            System.out.println("JSON written to " + json);
        }
        BenchmarksMarkdown.write(output, report);
        System.out.printf("report written to %s (%.0f s in total)%n", output, (System.nanoTime() - started) / 1e9);
        return failures == 0 ? 0 : 1;
    }

    /**
     * The in-process flow scenarios that warm up the bench JVM: lead_sync_inmem when anything but the raw
     * baselines runs, and each selected in-process flow scenario (the saga's and the router's code is not
     * lead_sync's).
     */
    static List<Scenario> flowWarmUps(List<Scenario> selected) {
        List<Scenario> warmUps = new ArrayList<>();
        if (selected.stream().anyMatch(s -> !s.rawKafka())) {
            warmUps.add(Scenario.LEAD_SYNC_INMEM);
        }
        selected.stream().filter(s -> s.runsFlows() && !s.childProcesses() && !warmUps.contains(s)).forEach(warmUps::add);
        return warmUps;
    }

    private BenchSettings settings() throws java.io.IOException {
        for (String g : guarantees) {
            if (!g.equals("exactly_once_v2") && !g.equals("at_least_once")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--guarantees: expected exactly_once_v2 or at_least_once, got " + g);
            }
        }
        if (compensatingPercent < 0 || compensatingPercent > 100) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--saga-compensating-percent: expected 0 to 100, got " + compensatingPercent);
        }
        if (joinSeconds != null && (joinSeconds.size() != 2 || joinSeconds.get(0) < JOIN_MIN_BEFORE_SECONDS
                || joinSeconds.get(1) < JOIN_MIN_AFTER_SECONDS)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--join-seconds: expected BEFORE,AFTER with "
                    + "BEFORE >= " + JOIN_MIN_BEFORE_SECONDS + " and AFTER >= " + JOIN_MIN_AFTER_SECONDS + ", got " + joinSeconds);
        }
        Map<String, String> runtime = new LinkedHashMap<>();
        runtime.put(OrchestratorConfig.MAX_IN_FLIGHT_CONFIG, Integer.toString(maxInFlight));
        runtime.put(OrchestratorConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitIntervalMs));
        runtime.put(OrchestratorConfig.NUM_STREAM_THREADS_CONFIG, "1");
        runtime.put(OrchestratorConfig.STREAMS_PREFIX + "linger.ms", Integer.toString(lingerMs));
        runtime.putAll(extra);
        List<String> javaOptions = childJavaOpts.isBlank() ? List.of() : List.of(childJavaOpts.trim().split("\\s+"));
        int n = requests != null ? requests : quick ? 20_000 : 200_000;
        // capped: beyond half a million the baselines only cost the bench JVM memory (the meter keeps every key)
        return new BenchSettings(n, Math.max(n, Math.min(baselineFactor * n, 500_000)), partitions,
                Duration.ofSeconds(naiveSeconds != null ? naiveSeconds : quick ? 5 : 15),
                Duration.ofSeconds(pacedSeconds != null ? pacedSeconds : quick ? 4 : 12), pacedFraction,
                TargetCheck.TARGET_RATE, Duration.ofMinutes(quick ? 3 : 10), Map.copyOf(runtime),
                Map.of("linger.ms", Integer.toString(lingerMs)), javaOptions,
                Files.createTempDirectory("orchestrator-bench-"), keepWorkDir, compensatingPercent,
                Duration.ofSeconds(sweepStepSeconds != null ? sweepStepSeconds : quick ? 3 : 8),
                Duration.ofSeconds(limitedSeconds != null ? limitedSeconds : quick ? 8 : 30),
                Duration.ofSeconds(joinSeconds != null ? joinSeconds.get(0) : quick ? 6 : 10),
                Duration.ofSeconds(joinSeconds != null ? joinSeconds.get(1) : quick ? 20 : 30),
                limitedJavaOpts.isBlank() ? List.of() : List.of(limitedJavaOpts.trim().split("\\s+")));
    }

    private Map<String, String> describe(BenchSettings s, List<Scenario> selected, double seconds) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("mode", quick ? "quick" : "full");
        d.put("total time", String.format("%.0f min (%d scenarios x %d guarantees, broker start and warm-up included)",
                seconds / 60, selected.size(), guarantees.size()));
        d.put("requests", s.requests() + " per flow scenario; identity, envelope_identity and plain_loop: " + s.baselineRequests()
                + "; naive_20ms: " + s.naiveRequests() + ", worked on for " + s.naiveDuration().toSeconds() + " s");
        d.put("limited", String.format("lead_sync_limited_xN: %s, %d partitions, %s=%d, N x %,.0f/s for %d s (N x %d requests "
                        + "after a warm-up of N x %d); worker JVMs also get %s; join: one worker for %d s, then %d s watched "
                        + "after the second starts (%d requests)",
                Scenario.limitOption(), Scenario.LIMITED_PARTITIONS, OrchestratorConfig.MAX_IN_FLIGHT_CONFIG,
                Scenario.LIMITED_MAX_IN_FLIGHT, Scenario.limitedCapacityPerInstance(), s.limitedWork().toSeconds(),
                s.backlog(Scenario.LEAD_SYNC_LIMITED_X1), s.warmUp(Scenario.LEAD_SYNC_LIMITED_X1),
                s.limitedJavaOptions().isEmpty() ? "no further options" : String.join(" ", s.limitedJavaOptions()),
                s.joinBefore().toSeconds(), s.joinAfter().toSeconds(), s.backlog(Scenario.LEAD_SYNC_LIMITED_JOIN)));
        List<String> flowWarmUps = flowWarmUps(selected).stream().map(Scenario::label).toList();
        String benchJvm = noWarmUp ? "none" : "identity under each guarantee"
                + (flowWarmUps.isEmpty() ? "" : " and " + String.join(", ", flowWarmUps)) + ", " + s.warmUpRequests()
                + " requests each, before measuring";
        d.put("warm-up", "bench JVM: " + benchJvm + "; each worker JVM: batches of " + s.warmUpRequests()
                + " requests before its backlog until its CPU per envelope moves less than "
                + Math.round(WarmUp.TOLERANCE * 100) + "% between batches, at most " + s.maxWarmUpRounds()
                + " (lead_sync_limited_*: one batch, see limited)");
        d.put("partitions", s.partitions() + " (lead_sync_limited_*: " + Scenario.LIMITED_PARTITIONS + ")");
        d.put("saga requests", s.compensatingPercent() + "% with plan legacy (compensated), spread evenly; the others "
                + "plan team");
        d.put("paced phase", s.pacedDuration().toSeconds() + " s at " + Math.round(s.pacedFraction() * 100)
                + "% of backlog throughput (worker-JVM scenarios, *_20ms*: " + Math.round(s.targetRate()) + "/s when reached); "
                + "lead_sync_20ms: a sweep of " + s.sweepStep().toSeconds() + " s per rate");
        s.runtimeConfig().forEach((k, v) -> d.put(k, v + (k.startsWith("orchestrator.") ? " (flow workers)"
                : " (flow workers and identity)")));
        d.put("poll.ms", "10 (runtime default, also identity)");
        d.put("loop producers", "linger.ms=" + s.clientOverrides().get("linger.ms") + ", acks=all");
        d.put("worker JVM options", String.join(" ", s.childJavaOptions()));
        d.put("bench JVM max heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
        d.put("embedded broker", "EmbeddedKafkaBroker defaults (num.network.threads=2, num.io.threads=2)");
        return d;
    }

    private String commandLine() {
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && args.get(0).equals(spec.name())) {
            args.remove(0); // the original arguments include the subcommand's name
        }
        return ("bin/orchestrator bench " + String.join(" ", args)).trim();
    }

    private static void print(ScenarioResult r, long started) {
        if (r.rebalance() != null) {
            RebalanceResult b = r.rebalance();
            System.out.printf("[%4.0f s] %-22s %-15s steady %,.0f/s -> %,.0f/s; joined %.1f s, stable %.1f s; dip to %.0f%% "
                            + "for %.1f s%s%s%n", (System.nanoTime() - started) / 1e9, r.name(), r.guarantee(), b.steadyPerSec(),
                    b.afterPerSec(), b.joinedSeconds(), b.stableSeconds(), b.dip().depth() * 100, b.dip().durationMillis() / 1000.0,
                    b.dip().recovered() ? "" : " (not recovered)", r.complete() ? "" : " (backlog ran out)");
            return;
        }
        r.sweep().forEach(p -> System.out.printf("           sweep %,7.0f/s: p50 %d p99 %d max %d ms%s%n", p.offeredPerSec(),
                p.latency().p50(), p.latency().p99(), p.latency().max(), p.complete() ? "" : " (not all answered)"));
        String paced = r.hasPacedPhase() ? String.format("paced %,7.0f/s: p50 %d p99 %d max %d ms", r.pacedRate(),
                r.paced().p50(), r.paced().p99(), r.paced().max()) : "no paced phase";
        System.out.printf("[%4.0f s] %-18s %-15s %7d envelopes %,9.0f/s%s | %s (backlog p99 %,d ms) | FAILED %s%% "
                        + "| CPU us/env worker %s bench %s%n",
                (System.nanoTime() - started) / 1e9, r.name(), r.guarantee(), r.envelopes(), r.envelopesPerSec(),
                r.complete() ? "" : " INCOMPLETE", paced, r.backlog().p99(), BenchReport.percent(r.failedShare()),
                BenchReport.cpu(r.workerCpuUsPerRecord()),
                BenchReport.cpu(r.benchCpuUsPerRecord()));
    }
}
