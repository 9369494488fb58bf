package dev.orchestrators.cli.bench;

import dev.orchestrators.samples.LeadSyncSample;
import dev.orchestrators.streams.TopicNames;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The benchmark scenarios, in the order they run. */
enum Scenario {
    IDENTITY("identity", 1, false, "Kafka Streams identity topology (bytes in, bytes out)"),
    PLAIN_LOOP("plain_loop", 1, false, "KafkaConsumer -> KafkaProducer loop, commit per poll"),
    LEAD_SYNC_INMEM("lead_sync_inmem", 1, false, "lead_sync on OrchestratorRuntime, in-memory tools"),
    LEAD_SYNC_20MS("lead_sync_20ms", 1, true, "lead_sync, every tool 20 ms (async), one worker JVM"),
    NAIVE_20MS("naive_20ms", 1, false, "blocking loop calling the three 20 ms tools in turn, commit per record"),
    LEAD_SYNC_20MS_X2("lead_sync_20ms_x2", 2, true, "lead_sync, every tool 20 ms, two worker JVMs");

    /** Simulated latency of every tool in the 20 ms scenarios. */
    static final Duration TOOL_LATENCY = Duration.ofMillis(20);

    private final String label;
    private final int instances;
    private final boolean childProcesses;
    private final String description;

    Scenario(String label, int instances, boolean childProcesses, String description) {
        this.label = label;
        this.instances = instances;
        this.childProcesses = childProcesses;
        this.description = description;
    }

    String label() {
        return label;
    }

    int instances() {
        return instances;
    }

    boolean childProcesses() {
        return childProcesses;
    }

    String description() {
        return description;
    }

    /** Whether the paced phase should run at the target rate (when the backlog rate reaches it). */
    boolean pacedAtTargetRate() {
        return this == LEAD_SYNC_20MS || this == LEAD_SYNC_20MS_X2;
    }

    /** Whether this is a raw Kafka baseline (no orchestration). */
    boolean rawKafka() {
        return this == IDENTITY || this == PLAIN_LOOP;
    }

    /** Whether the backlog phase is cut after a fixed time (the naive loop is too slow to drain it). */
    boolean timeBoxed() {
        return this == NAIVE_20MS;
    }

    /** The topic prefix of a run: the registered flow name for worker JVMs, the run's unique id otherwise. */
    String topicBase(String id) {
        return childProcesses ? LeadSyncSample.FLOW : InProcessFlowWorkload.flow(id);
    }

    String inputTopic(String id) {
        return TopicNames.requests(topicBase(id));
    }

    String outputTopic(String id) {
        return TopicNames.results(topicBase(id));
    }

    Workload create(WorkloadSpec spec, BenchCluster cluster, List<String> childJavaOptions) {
        return switch (this) {
            case IDENTITY -> new IdentityWorkload(spec);
            case PLAIN_LOOP -> new PlainLoopWorkload(spec);
            case LEAD_SYNC_INMEM -> new InProcessFlowWorkload(spec);
            case NAIVE_20MS -> new NaiveLoopWorkload(spec, TOOL_LATENCY);
            case LEAD_SYNC_20MS, LEAD_SYNC_20MS_X2 ->
                    new ChildProcessWorkload(spec, cluster, instances, TOOL_LATENCY.toMillis(), childJavaOptions);
        };
    }

    /** @throws IllegalArgumentException naming the known scenarios */
    static Scenario byLabel(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown scenario '" + label + "'; known: "
                        + Arrays.stream(values()).map(Scenario::label).toList()));
    }
}
