package dev.orchestrators.harness.bench;

import dev.orchestrators.harness.bench.BenchCluster.GroupView;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.time.Duration;
import java.util.List;

/**
 * {@code lead_sync_limited_join}: what a rebalance costs. One limited worker JVM works on a backlog for
 * {@link BenchSettings#joinBefore()}; then a second worker JVM of the same group is started and the output is
 * watched for {@link BenchSettings#joinAfter()} while the consumer group is polled every 100 ms (when the new
 * member appears, when the group is stable again with both owning every partition). From the arrival times of the
 * output: the steady rate before the start, an output-rate timeline (1 s window every 100 ms) and its dip
 * ({@link RateTimeline#dip}). The limited workers use a fraction of the CPU, so what the timeline shows is the
 * rebalance, not two JVMs competing for two cores.
 */
final class JoinMeasurement {
    static final Duration STEP = Duration.ofMillis(100);
    static final Duration WINDOW = Duration.ofSeconds(1);
    /** The rate after the join: the mean of the timeline over the last this long of the watched window. */
    static final Duration SETTLED = Duration.ofSeconds(5);

    private final BenchCluster cluster;
    private final BenchSettings settings;
    private final WorkloadSpec spec;

    JoinMeasurement(BenchCluster cluster, BenchSettings settings, WorkloadSpec spec) {
        this.cluster = cluster;
        this.settings = settings;
        this.spec = spec;
    }

    ScenarioResult measure(Scenario scenario, ChildProcessWorkload workload, OutputMeter meter, RequestLoader loader,
                           int backlog) throws Exception {
        String in = spec.inputTopic();
        String group = ChildProcessWorkload.applicationId(spec.id(), scenario.flow().entry());
        workload.start();
        workload.awaitReady(Duration.ofMinutes(3));
        ScenarioRunner.warmUpWorkers(scenario, workload, meter, loader, in, settings);
        loader.preload(in, RequestLoader.BACKLOG_PREFIX, backlog);
        if (!meter.await(RequestLoader.BACKLOG_PREFIX, 1, settings.phaseTimeout())) {
            throw new IllegalStateException(scenario.label() + ": no output of the backlog");
        }
        Thread.sleep(settings.joinBefore().toMillis());
        long origin = System.nanoTime();
        workload.addInstance();
        int members = 2 * new OrchestratorConfig(spec.runtimeConfig()).getInt(OrchestratorConfig.NUM_STREAM_THREADS_CONFIG);
        long joined = -1;
        long stable = -1;
        long end = origin + settings.joinAfter().toNanos();
        while (System.nanoTime() < end) {
            GroupView view = cluster.describeGroup(group, in);
            long now = System.nanoTime();
            if (joined < 0 && view.members() >= members) {
                joined = now;
            }
            if (joined >= 0 && stable < 0 && view.stable(members, spec.partitions())) {
                stable = now;
            }
            Thread.sleep(STEP.toMillis());
        }
        long[] arrivals = meter.arrivals(RequestLoader.BACKLOG_PREFIX);
        long last = arrivals[arrivals.length - 1];
        boolean loaded = arrivals.length < backlog; // the backlog lasted the whole window
        long before = settings.joinBefore().toNanos() - WINDOW.toNanos(); // the first second after the backlog arrived is left out
        double steady = RateTimeline.rate(arrivals, origin - before, origin);
        RateTimeline timeline = RateTimeline.of(arrivals, origin, origin - before, Math.min(end, last), STEP, WINDOW);
        RateTimeline.Dip dip = timeline.dip(steady, 0);
        long endMillis = Math.round((Math.min(end, last) - origin) / 1e6);
        double after = timeline.mean(endMillis - SETTLED.toMillis(), endMillis + 1);
        RebalanceResult rebalance = new RebalanceResult(steady, after, seconds(joined, origin), seconds(stable, origin), dip, timeline);
        OutputMeter.Snapshot drained = meter.snapshot(RequestLoader.BACKLOG_PREFIX);
        return new ScenarioResult(scenario.label(), spec.guarantee(), scenario.instances(), "child-jvm", drained.count(),
                drained.perSecond(), drained.steadyPerSecond(), drained.latency(), 0, LatencySummary.EMPTY, drained.duplicates(),
                loaded, drained.failedShare(), -1, -1, List.of(), rebalance);
    }

    private static double seconds(long instant, long origin) {
        return instant < 0 ? -1 : (instant - origin) / 1e9;
    }
}
