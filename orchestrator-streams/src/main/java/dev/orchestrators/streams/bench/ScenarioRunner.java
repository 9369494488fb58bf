package dev.orchestrators.streams.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Runs one scenario under one guarantee on fresh topics: backlog phase (throughput), then paced phase
 * (latency), then tears everything down.
 */
final class ScenarioRunner {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final String bootstrap;
    private final BenchCluster cluster;
    private final BenchSettings settings;

    ScenarioRunner(String bootstrap, BenchCluster cluster, BenchSettings settings) {
        this.bootstrap = bootstrap;
        this.cluster = cluster;
        this.settings = settings;
    }

    /**
     * Runs {@code scenario} once without a paced phase and discards the figures: it warms up the JIT of the
     * broker and client code every scenario shares, so the first measured scenario is not penalised.
     */
    void warmUp(Scenario scenario, String guarantee) throws Exception {
        run(scenario, guarantee, 0, false);
    }

    ScenarioResult run(Scenario scenario, String guarantee, int index) throws Exception {
        return run(scenario, guarantee, index, true);
    }

    private ScenarioResult run(Scenario scenario, String guarantee, int index, boolean paced) throws Exception {
        String id = "bench" + index + "-" + scenario.label() + "-" + (guarantee.startsWith("exactly") ? "eos" : "alos");
        String in = scenario.inputTopic(id);
        String out = scenario.outputTopic(id);
        if (scenario.childProcesses()) {
            cluster.deleteTopicsStartingWith(scenario.topicBase(id) + ".");
        }
        cluster.createTopics(List.of(in, out), settings.partitions());
        Path workDir = Files.createDirectories(settings.workRoot().resolve(id));
        WorkloadSpec spec = new WorkloadSpec(bootstrap, guarantee, settings.partitions(), id, in, out, workDir,
                settings.runtimeConfig(), settings.clientOverrides());
        int backlog = scenario.timeBoxed() ? settings.naiveRequests() : settings.requests();
        // a loader per run: a producer that knew a deleted lead_sync.requests would first write to its old topic id
        try (OutputMeter meter = new OutputMeter(bootstrap, out, settings.partitions());
             RequestLoader loader = new RequestLoader(bootstrap)) {
            Workload workload = scenario.create(spec, cluster, settings.childJavaOptions());
            try {
                return measure(scenario, guarantee, workload, meter, loader, in, backlog, paced);
            } finally {
                workload.close();
            }
        } finally {
            cluster.deleteTopicsStartingWith(id, scenario.topicBase(id) + ".");
            if (!settings.keepWorkDir()) {
                deleteRecursively(workDir);
            }
        }
    }

    private ScenarioResult measure(Scenario scenario, String guarantee, Workload workload, OutputMeter meter,
                                   RequestLoader loader, String in,
                                   int backlog, boolean pacedPhase) throws Exception {
        if (workload.preloadBeforeStart()) {
            loader.preload(in, backlog);
        }
        workload.start();
        workload.awaitReady(START_TIMEOUT);
        OptionalLong workerCpu0 = workload.workerCpuNanos();
        long benchCpu0 = benchCpuNanos();
        if (!workload.preloadBeforeStart()) {
            loader.preload(in, backlog);
        }
        boolean complete;
        if (scenario.timeBoxed()) {
            meter.await(true, 1, settings.phaseTimeout());
            Thread.sleep(settings.naiveDuration().toMillis());
            workload.skipBacklog(Duration.ofSeconds(60));
            complete = true;
        } else {
            complete = meter.await(true, backlog, settings.phaseTimeout());
        }
        OutputMeter.Snapshot drained = meter.snapshot(true);
        long benchCpu = benchCpuNanos() - benchCpu0;
        OptionalLong workerCpu1 = workload.workerCpuNanos();
        double workerUs = workerCpu0.isPresent() && drained.count() > 0
                ? (workerCpu1.getAsLong() - workerCpu0.getAsLong()) / 1e3 / drained.count() : -1;
        double rate = pacedPhase ? pacedRate(scenario, drained.perSecond()) : 0;
        if (pacedPhase) {
            int sent = loader.paced(in, rate, settings.pacedDuration());
            complete &= meter.await(false, sent, Duration.ofSeconds(60));
        }
        OutputMeter.Snapshot paced = meter.snapshot(false);
        return new ScenarioResult(scenario.label(), guarantee, scenario.instances(),
                scenario.childProcesses() ? "child-jvm" : "in-process", drained.count(), drained.perSecond(),
                drained.latency(), rate, paced.latency(), paced.duplicates(), complete, workerUs,
                drained.count() > 0 ? benchCpu / 1e3 / drained.count() : -1);
    }

    /** The target rate for the 20 ms flow when reachable, else a fraction of the measured throughput. */
    double pacedRate(Scenario scenario, double throughput) {
        if (scenario.pacedAtTargetRate() && throughput >= settings.targetRate()) {
            return settings.targetRate();
        }
        return Math.max(1, Math.floor(throughput * settings.pacedFraction()));
    }

    private static long benchCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // scratch space; the OS cleans the temp dir eventually
        }
    }
}
