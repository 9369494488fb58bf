package dev.orchestrators.harness.bench;

import dev.orchestrators.streams.config.OrchestratorConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The "Scaling" section of BENCHMARKS.md: how the runtime is expected to scale past one machine, with this run's
 * figures filled in where it measured them ("not measured in this run" otherwise).
 */
final class ScalingSection {
    private ScalingSection() {
    }

    static String render(BenchReport report) {
        String g = guarantee(report);
        StringBuilder out = new StringBuilder();
        out.append("**Measured here** (").append(g).append("; both guarantees in the tables): ");
        Optional<ScenarioResult> x1 = find(report, Scenario.LEAD_SYNC_LIMITED_X1, g);
        if (x1.isPresent()) {
            double one = x1.get().envelopesPerSec();
            out.append(String.format("one instance capped at %,.0f/s by its per-tool limit answered %,.0f/s",
                    Scenario.limitedCapacityPerInstance(), one));
            for (Scenario more : List.of(Scenario.LEAD_SYNC_LIMITED_X2, Scenario.LEAD_SYNC_LIMITED_X4)) {
                find(report, more, g).ifPresent(r -> out.append(String.format(", %d instances %,.0f/s (%.2fx)",
                        more.instances(), r.envelopesPerSec(), Throughput.ratio(r.envelopesPerSec(), one))));
            }
            out.append(String.format(" on the same %d partitions. ", Scenario.LIMITED_PARTITIONS));
        } else {
            out.append("the limited scaling scenarios did not run. ");
        }
        find(report, Scenario.LEAD_SYNC_LIMITED_JOIN, g).map(ScenarioResult::rebalance).ifPresent(b -> out.append(join(b)));
        find(report, Scenario.LEAD_SYNC_20MS, g).filter(r -> r.workerCpuUsPerRecord() > 0).ifPresent(r -> out.append(String.format(
                "Unlimited, a worker spends %.0f us of CPU per lead_sync_20ms envelope (about %,.0f envelopes/s per core "
                        + "of worker CPU). ", r.workerCpuUsPerRecord(), 1e6 / r.workerCpuUsPerRecord())));
        if (report.profile() != null) {
            out.append(String.format("Each lead_sync request makes the broker take %.1f records and %,.0f bytes "
                    + "(profile above) besides the request. ", report.profile().recordsPerRequest(), report.profile().bytesPerRequest()));
        }
        out.append("\n\n").append(text());
        return out.toString();
    }

    /** at_least_once when the run has it (its throughput is not shaped by commit bursts), else exactly_once_v2. */
    private static String guarantee(BenchReport report) {
        return report.results().stream().anyMatch(r -> r.guarantee().equals(TargetCheck.AT_LEAST_ONCE))
                ? TargetCheck.AT_LEAST_ONCE : TargetCheck.EXACTLY_ONCE;
    }

    /** The join in one sentence; a member or a stable group never seen within the window is said so. */
    static String join(RebalanceResult b) {
        String joined = b.joinedSeconds() < 0 ? "the group did not show the new member within the watched window"
                : b.stableSeconds() < 0 ? String.format("the group had the new member %.1f s after its JVM started but was "
                + "not stable with both within the watched window", b.joinedSeconds())
                : String.format("the group had the new member %.1f s after its JVM started and was stable %.1f s after",
                b.joinedSeconds(), b.stableSeconds());
        RateTimeline.Dip dip = b.dip();
        String below = String.format("below %.0f%% of it", RateTimeline.DIP_THRESHOLD * 100);
        String dipped = dip.durationMillis() == 0 ? String.format("output never fell %s (lowest %.0f%% of its steady %,.0f/s)",
                below, 100 * dip.depth(), b.steadyPerSec())
                : String.format("output fell to %.0f%% of its steady %,.0f/s and stayed %s for %.1f s%s", 100 * dip.depth(),
                b.steadyPerSec(), below, dip.durationMillis() / 1000.0, dip.recovered() ? "" : " (to the end of the window)");
        return String.format("A worker joining a group under load: %s; %s, then ran at %,.0f/s. ", joined, dipped, b.afterPerSec());
    }

    /** The expectations past one machine, with the limited scenarios' partitioning and the runtime's defaults filled in. */
    static String text() {
        int partitions = Scenario.LIMITED_PARTITIONS;
        int instances = Scenario.LEAD_SYNC_LIMITED_X4.instances();
        String even = IntStream.rangeClosed(1, partitions).filter(n -> partitions % n == 0).mapToObj(Integer::toString)
                .collect(Collectors.joining(", "));
        Duration retention = Duration.ofMillis((Long) OrchestratorConfig.CONFIG.defaultValues()
                .get(OrchestratorConfig.LEDGER_RETENTION_MS_CONFIG));
        return TEXT.formatted(partitions, even, instances, partitions / instances, words(retention),
                Scenario.TOOL_LATENCY.toMillis());
    }

    /** {@code 7 days}, {@code 12 h} or {@code 90 s}. */
    static String words(Duration d) {
        if (d.toMillis() % Duration.ofDays(1).toMillis() == 0) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        return d.toMillis() % Duration.ofHours(1).toMillis() == 0 ? d.toHours() + " h" : d.toSeconds() + " s";
    }

    private static Optional<ScenarioResult> find(BenchReport report, Scenario s, String guarantee) {
        return report.results().stream().filter(r -> r.name().equals(s.label()) && r.guarantee().equals(guarantee)).findFirst();
    }

    private static final String TEXT = """
            **Past one machine.** Each flow is one Kafka Streams application, and its unit of parallelism is the \
            task: one per partition of `<flow>.requests`, owned by one stream thread of one instance at a time (its \
            results, audit and changelog writes go with it). So a flow scales out to as many stream threads, over all \
            instances, as its requests topic has partitions, and no further: choose partitions for the largest group \
            you expect (%1$d partitions serve %2$s instances evenly; the limited scenarios above use %1$d \
            for up to %3$d instances, %4$d tasks each). An instance's throughput is bounded by the smaller of its CPU \
            (the worker CPU per envelope above) and what its tools allow it: `orchestrator.max.in.flight` runs per \
            task (and as many again admitted), and the per-tool limits, which are **per instance** (a bulkhead and a \
            rate limiter in each worker JVM): N instances allow N times `max.concurrent`, so a limit that protects a \
            downstream system must be divided by the instance count. The limited scenarios show that when the limit is \
            per instance and the CPU is not the bottleneck, throughput grows with the instances; with tools that wait \
            (%6$d ms each here) the CPU per envelope, not the tool latency, decides how many instances a machine holds.

            **What grows with the number of keys in flight.** Per task, in memory: the runs in flight (at most \
            `max.in.flight`), the requests admitted behind them (lane heads and later requests of the same keys, at most \
            as many again), and a lane per key with work. Durably, in the task's changelogged stores: a pending entry per \
            admitted, unanswered request (deleted when answered; in-memory tools answer inside `process()` and skip it), \
            and the side-effect ledger, one entry per run with a side effect, kept for `orchestrator.ledger.retention.ms` \
            (default %5$s): this grows with the runs of the retention period, not with the keys in flight, and it is what a \
            task moving to a new instance restores from its changelog before it runs (standby replicas, \
            `streams.num.standby.replicas`, keep a warm copy elsewhere). A rebalance therefore costs a pause while the \
            group reassigns tasks, the drain of in-flight tool calls on the tasks that move \
            (`orchestrator.shutdown.drain.ms`), the restoration of the moved tasks' stores, and a cold JVM on a new \
            instance; the join scenario measures the first three on small stores. On the broker, every request costs \
            the records and bytes of the profile above, and the compacted audit topic is shared by every flow: its \
            partitions, not the flows', bound its throughput.
            """;
}
