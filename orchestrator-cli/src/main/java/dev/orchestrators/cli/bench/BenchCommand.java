package dev.orchestrators.cli.bench;

import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.embedded.EmbeddedKafkaBroker;
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
 * and a naive blocking loop, on one embedded broker, under exactly_once_v2 and at_least_once, and writes
 * BENCHMARKS.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark flows against raw Kafka baselines on an embedded broker and write BENCHMARKS.md.",
                "Scenarios: identity, plain_loop, lead_sync_inmem, lead_sync_20ms, naive_20ms, lead_sync_20ms_x2, "
                        + "saga_inmem, saga_20ms, router_inmem, router_20ms; each under exactly_once_v2 and at_least_once."})
public final class BenchCommand implements Callable<Integer> {
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

    @Option(names = "--output", paramLabel = "FILE", description = "Markdown report to write (default: ${DEFAULT-VALUE}).")
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
        System.out.printf("bench (%s): %d scenarios x %s, %d requests (identity, plain_loop: %d), %d partitions; machine: %s%n",
                quick ? "quick" : "full", selected.size(), guarantees, settings.requests(), settings.baselineRequests(),
                partitions, MachineInfo.current());
        List<ScenarioResult> results = new ArrayList<>();
        int failures = 0;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.newBuilder().port(0).build().start();
             BenchCluster cluster = new BenchCluster(broker.bootstrapServers());
             StallReporter stalls = new StallReporter()) {
            ScenarioRunner runner = new ScenarioRunner(broker.bootstrapServers(), cluster, settings);
            Duration budget = settings.phaseTimeout().plusMinutes(3);
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
                MachineInfo.current(), describe(settings, selected), results);
        System.out.println();
        System.out.println(report.table());
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
                Files.createTempDirectory("orchestrator-bench-"), keepWorkDir, compensatingPercent);
    }

    private Map<String, String> describe(BenchSettings s, List<Scenario> selected) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("mode", quick ? "quick" : "full");
        d.put("requests", s.requests() + " per flow scenario; identity and plain_loop: " + s.baselineRequests()
                + "; naive_20ms: " + s.naiveRequests() + ", worked on for " + s.naiveDuration().toSeconds() + " s");
        List<String> flowWarmUps = flowWarmUps(selected).stream().map(Scenario::label).toList();
        String benchJvm = noWarmUp ? "none" : "identity under each guarantee"
                + (flowWarmUps.isEmpty() ? "" : " and " + String.join(", ", flowWarmUps)) + ", " + s.warmUpRequests()
                + " requests each, before measuring";
        d.put("warm-up", "bench JVM: " + benchJvm + "; each worker JVM: " + s.warmUpRequests() + " requests before its backlog");
        d.put("partitions", Integer.toString(s.partitions()));
        d.put("saga requests", s.compensatingPercent() + "% with plan legacy (compensated), spread evenly; the others "
                + "plan team");
        d.put("paced phase", s.pacedDuration().toSeconds() + " s at " + Math.round(s.pacedFraction() * 100)
                + "% of backlog throughput (worker-JVM scenarios, *_20ms*: " + Math.round(s.targetRate()) + "/s when reached)");
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
        System.out.printf("[%4.0f s] %-18s %-15s %7d envelopes %,9.0f/s%s | paced %,7.0f/s: p50 %d p99 %d max %d ms "
                        + "(backlog p99 %,d ms) | FAILED %s%% | CPU us/env worker %s bench %s%n",
                (System.nanoTime() - started) / 1e9, r.name(), r.guarantee(), r.envelopes(), r.envelopesPerSec(),
                r.complete() ? "" : " INCOMPLETE", r.pacedRate(), r.paced().p50(), r.paced().p99(), r.paced().max(),
                r.backlog().p99(), BenchReport.percent(r.failedShare()), BenchReport.cpu(r.workerCpuUsPerRecord()),
                BenchReport.cpu(r.benchCpuUsPerRecord()));
    }
}
