package dev.orchestrators.harness.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.orchestrators.harness.bench.LatencySweep.SweepPoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Runs one scenario under one guarantee on fresh topics: backlog phase (throughput), then paced phase
 * (latency), then tears everything down.
 */
final class ScenarioRunner {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** Enough samples for a p99; more only costs the bench JVM memory and the fast baselines' run time. */
    private static final int MAX_PACED_REQUESTS = 300_000;

    private final String bootstrap;
    private final BenchCluster cluster;
    private final BenchSettings settings;
    private final WriteProfile profile;

    /** @param profile what lead_sync writes per request (for envelope_identity; null when it does not run) */
    ScenarioRunner(String bootstrap, BenchCluster cluster, BenchSettings settings, WriteProfile profile) {
        this.bootstrap = bootstrap;
        this.cluster = cluster;
        this.settings = settings;
        this.profile = profile;
    }

    /**
     * Runs {@code scenario} once without a paced phase and discards the figures: it warms up the JIT of the
     * broker and client code every scenario shares, so the first measured scenario is not penalised.
     */
    void warmUp(Scenario scenario, String guarantee) throws Exception {
        run(scenario, guarantee, 0, false, settings.warmUpRequests());
    }

    ScenarioResult run(Scenario scenario, String guarantee, int index) throws Exception {
        return run(scenario, guarantee, index, true, settings.backlog(scenario));
    }

    private ScenarioResult run(Scenario scenario, String guarantee, int index, boolean paced, int backlog)
            throws Exception {
        String id = "bench" + index + "-" + scenario.label() + "-" + (guarantee.startsWith("exactly") ? "eos" : "alos");
        String in = scenario.inputTopic(id);
        String out = scenario.outputTopic(id);
        int partitions = scenario.partitions(settings.partitions());
        // a flow scenario runs the registered flows: their topics may be left from an earlier run
        cluster.deleteTopicsStartingWith(scenario.sharedTopicPrefixes());
        cluster.createTopics(List.of(in, out), partitions);
        Path workDir = Files.createDirectories(settings.workRoot().resolve(id));
        Map<String, String> runtimeConfig = new LinkedHashMap<>(settings.runtimeConfig());
        runtimeConfig.putAll(scenario.runtimeOverrides());
        WorkloadSpec spec = new WorkloadSpec(bootstrap, guarantee, partitions, id, in, out, workDir,
                Map.copyOf(runtimeConfig), settings.clientOverrides());
        // a loader per run: a producer that knew a deleted lead_sync.requests would first write to its old topic id
        try (OutputMeter meter = new OutputMeter(bootstrap, out, partitions);
             RequestLoader loader = new RequestLoader(bootstrap, scenario.flow(), settings.compensatingPercent())) {
            Workload workload = scenario.create(spec, cluster, settings.javaOptions(scenario), profile);
            try {
                if (scenario.join()) {
                    return new JoinMeasurement(cluster, settings, spec).measure(scenario, (ChildProcessWorkload) workload,
                            meter, loader, backlog);
                }
                return measure(scenario, guarantee, workload, meter, loader, in, backlog, paced);
            } finally {
                workload.close();
            }
        } finally {
            cluster.deleteTopicsStartingWith(prefixes(id, scenario.sharedTopicPrefixes()));
            if (!settings.keepWorkDir()) {
                deleteRecursively(workDir);
            }
        }
    }

    private ScenarioResult measure(Scenario scenario, String guarantee, Workload workload, OutputMeter meter,
                                   RequestLoader loader, String in, int backlog, boolean pacedPhase) throws Exception {
        if (workload.preloadBeforeStart()) {
            loader.preload(in, RequestLoader.BACKLOG_PREFIX, backlog);
        }
        workload.start();
        workload.awaitReady(START_TIMEOUT);
        if (!workload.preloadBeforeStart()) {
            warmUpWorkers(scenario, workload, meter, loader, in, settings);
        }
        OptionalLong workerCpu0 = workload.workerCpuNanos();
        long benchCpu0 = benchCpuNanos();
        if (!workload.preloadBeforeStart()) {
            loader.preload(in, RequestLoader.BACKLOG_PREFIX, backlog);
        }
        boolean complete;
        if (scenario.timeBoxed()) {
            meter.await(RequestLoader.BACKLOG_PREFIX, 1, settings.phaseTimeout());
            Thread.sleep(settings.naiveDuration().toMillis());
            workload.skipBacklog(Duration.ofSeconds(60));
            complete = true;
        } else {
            complete = meter.await(RequestLoader.BACKLOG_PREFIX, backlog, settings.phaseTimeout());
        }
        OutputMeter.Snapshot drained = meter.snapshot(RequestLoader.BACKLOG_PREFIX);
        long benchCpu = benchCpuNanos() - benchCpu0;
        OptionalLong workerCpu1 = workload.workerCpuNanos();
        double workerUs = workerCpu0.isPresent() && drained.count() > 0
                ? (workerCpu1.getAsLong() - workerCpu0.getAsLong()) / 1e3 / drained.count() : -1;
        List<SweepPoint> points = pacedPhase ? latency(scenario, meter, loader, in, drained.perSecond()) : List.of();
        SweepPoint headline = points.isEmpty() ? new SweepPoint(0, 0, LatencySummary.EMPTY, true)
                : scenario.latency() == Scenario.Latency.SWEEP
                ? LatencySweep.headline(points, settings.targetRate(), drained.perSecond() * settings.pacedFraction())
                : points.get(0);
        complete &= points.stream().allMatch(SweepPoint::complete);
        return new ScenarioResult(scenario.label(), guarantee, scenario.instances(),
                scenario.childProcesses() ? "child-jvm" : "in-process", drained.count(), drained.perSecond(),
                drained.steadyPerSecond(), drained.latency(), headline.offeredPerSec(), headline.latency(),
                meter.snapshot(RequestLoader.BACKLOG_PREFIX).duplicates(), complete,
                scenario.runsFlows() ? drained.failedShare() : -1, workerUs,
                // a time-boxed run is mostly idle: per envelope, the bench JVM's background CPU would be meaningless
                drained.count() > 0 && !scenario.timeBoxed() ? benchCpu / 1e3 / drained.count() : -1,
                scenario.latency() == Scenario.Latency.SWEEP ? points : List.of(), null);
    }

    /** The scenario's paced phase, or its sweep of paced phases, one after the other on the same workers. */
    private List<SweepPoint> latency(Scenario scenario, OutputMeter meter, RequestLoader loader, String in, double throughput)
            throws InterruptedException {
        switch (scenario.latency()) {
            case NONE:
                return List.of();
            case PACED:
                return List.of(paced(meter, loader, in, RequestLoader.PACED_PREFIX, pacedRate(scenario, throughput),
                        settings.pacedDuration()));
            default:
                List<SweepPoint> points = new ArrayList<>();
                List<Double> rates = LatencySweep.rates(throughput, settings.targetRate());
                for (int i = 0; i < rates.size(); i++) {
                    points.add(paced(meter, loader, in, RequestLoader.sweepPrefix(i), rates.get(i), settings.sweepStep()));
                }
                return points;
        }
    }

    private SweepPoint paced(OutputMeter meter, RequestLoader loader, String in, String prefix, double rate, Duration length)
            throws InterruptedException {
        int sent = loader.paced(in, prefix, rate, pacedDuration(rate, length));
        boolean complete = meter.await(prefix, sent, Duration.ofSeconds(60));
        return new SweepPoint(rate, sent, meter.snapshot(prefix).latency(), complete);
    }

    /**
     * A fresh worker JVM runs interpreted code at first: it gets a warm-up batch, not measured, before its backlog.
     * (In-process workloads share the bench JVM, which the bench warms up once at the start.)
     */
    static void warmUpWorkers(Scenario scenario, Workload workload, OutputMeter meter, RequestLoader loader, String in,
                              BenchSettings settings) throws Exception {
        int count = settings.warmUp(scenario);
        int rounds = scenario.limited() ? 1 : settings.maxWarmUpRounds();
        double previous = Double.NaN;
        for (int round = 1; round <= rounds; round++) {
            OptionalLong cpu0 = workload.workerCpuNanos();
            String prefix = RequestLoader.warmUpPrefix(round);
            loader.preload(in, prefix, count);
            if (!meter.await(prefix, count, settings.phaseTimeout())) {
                throw new IllegalStateException(scenario.label() + ": warm-up requests not answered within "
                        + settings.phaseTimeout().toSeconds() + " s");
            }
            OptionalLong cpu1 = workload.workerCpuNanos();
            if (cpu0.isEmpty() || cpu1.isEmpty()) {
                return; // no worker JVM to watch: one round
            }
            double perEnvelope = (cpu1.getAsLong() - cpu0.getAsLong()) / 1000.0 / count;
            System.out.printf("           warm-up round %d: %,d requests, worker CPU %.0f us/env.%n", round, count, perEnvelope);
            if (WarmUp.settled(previous, perEnvelope)) {
                return;
            }
            previous = perEnvelope;
        }
    }

    /** The target rate for the 20 ms flow when reachable, else a fraction of the measured throughput. */
    double pacedRate(Scenario scenario, double throughput) {
        if (scenario.pacedAtTargetRate() && throughput >= settings.targetRate()) {
            return settings.targetRate();
        }
        return Math.max(1, Math.floor(throughput * settings.pacedFraction()));
    }

    /** A paced phase's length, shortened for very fast scenarios so it stays within {@link #MAX_PACED_REQUESTS}. */
    static Duration pacedDuration(double rate, Duration length) {
        long capped = (long) (MAX_PACED_REQUESTS / rate * 1000);
        return length.toMillis() <= capped ? length : Duration.ofMillis(Math.max(capped, 1000));
    }

    private static String[] prefixes(String id, String... more) {
        return Stream.concat(Stream.of(id), Stream.of(more)).toArray(String[]::new);
    }

    private static long benchCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // scratch space in the OS temp dir: worth a line, not a failed bench
            System.out.println("    could not delete " + dir + ": " + e);
        }
    }
}
