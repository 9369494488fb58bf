package dev.orchestrators.cli.bench;

import dev.orchestrators.streams.TopicNames;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The benchmark scenarios, in the order they run. */
enum Scenario {
    IDENTITY("identity", Kind.IDENTITY, BenchFlow.LEAD_SYNC, 1, "Kafka Streams identity topology (bytes in, bytes out)"),
    PLAIN_LOOP("plain_loop", Kind.PLAIN_LOOP, BenchFlow.LEAD_SYNC, 1, "KafkaConsumer -> KafkaProducer loop, commit per poll"),
    LEAD_SYNC_INMEM("lead_sync_inmem", Kind.IN_PROCESS, BenchFlow.LEAD_SYNC, 1, "lead_sync on OrchestratorRuntime, in-memory tools"),
    LEAD_SYNC_20MS("lead_sync_20ms", Kind.WORKER_JVMS, BenchFlow.LEAD_SYNC, 1, "lead_sync, every tool 20 ms (async), one worker JVM"),
    NAIVE_20MS("naive_20ms", Kind.NAIVE_LOOP, BenchFlow.LEAD_SYNC, 1,
            "blocking loop calling the three 20 ms tools in turn, commit per record"),
    LEAD_SYNC_20MS_X2("lead_sync_20ms_x2", Kind.WORKER_JVMS, BenchFlow.LEAD_SYNC, 2, "lead_sync, every tool 20 ms, two worker JVMs"),
    SAGA_INMEM("saga_inmem", Kind.IN_PROCESS, BenchFlow.SAGA, 1,
            "account_provisioning (saga) on OrchestratorRuntime, in-memory tools, 10% compensating"),
    SAGA_20MS("saga_20ms", Kind.WORKER_JVMS, BenchFlow.SAGA, 1,
            "account_provisioning (saga), every tool 20 ms, one worker JVM, 10% compensating"),
    ROUTER_INMEM("router_inmem", Kind.IN_PROCESS, BenchFlow.ROUTER, 1,
            "support_triage (router) and its two sub-flows on OrchestratorRuntime, in-memory tools"),
    ROUTER_20MS("router_20ms", Kind.WORKER_JVMS, BenchFlow.ROUTER, 1,
            "support_triage (router) and its two sub-flows, every tool 20 ms, one worker JVM");

    /** Simulated latency of every tool in the 20 ms scenarios. */
    static final Duration TOOL_LATENCY = Duration.ofMillis(20);

    /** What runs the requests. */
    enum Kind { IDENTITY, PLAIN_LOOP, NAIVE_LOOP, IN_PROCESS, WORKER_JVMS }

    private final String label;
    private final Kind kind;
    private final BenchFlow flow;
    private final int instances;
    private final String description;

    Scenario(String label, Kind kind, BenchFlow flow, int instances, String description) {
        this.label = label;
        this.kind = kind;
        this.flow = flow;
        this.instances = instances;
        this.description = description;
    }

    String label() {
        return label;
    }

    /** The flow whose requests the scenario takes (the baselines take lead_sync's without running it). */
    BenchFlow flow() {
        return flow;
    }

    int instances() {
        return instances;
    }

    boolean childProcesses() {
        return kind == Kind.WORKER_JVMS;
    }

    String description() {
        return description;
    }

    /** Whether the scenario runs flows on the runtime (in the bench JVM or in worker JVMs). */
    boolean runsFlows() {
        return kind == Kind.IN_PROCESS || kind == Kind.WORKER_JVMS;
    }

    /** Whether the paced phase should run at the target rate (when the backlog rate reaches it). */
    boolean pacedAtTargetRate() {
        return childProcesses();
    }

    /** Whether this is a raw Kafka baseline (no orchestration). */
    boolean rawKafka() {
        return kind == Kind.IDENTITY || kind == Kind.PLAIN_LOOP;
    }

    /** Whether the backlog phase is cut after a fixed time (the naive loop is too slow to drain it). */
    boolean timeBoxed() {
        return kind == Kind.NAIVE_LOOP;
    }

    /**
     * Prefixes of the topics a run owns besides those starting with its id: a flow scenario runs the registered
     * flows, so their topics ({@code <flow>.*}) are recreated per run.
     */
    String[] sharedTopicPrefixes() {
        return runsFlows() ? flow.topicPrefixes() : new String[0];
    }

    String inputTopic(String id) {
        return TopicNames.requests(runsFlows() ? flow.entry() : id);
    }

    String outputTopic(String id) {
        return TopicNames.results(runsFlows() ? flow.entry() : id);
    }

    Workload create(WorkloadSpec spec, BenchCluster cluster, List<String> childJavaOptions) {
        return switch (kind) {
            case IDENTITY -> new IdentityWorkload(spec);
            case PLAIN_LOOP -> new PlainLoopWorkload(spec);
            case IN_PROCESS -> new InProcessFlowWorkload(spec, flow);
            case NAIVE_LOOP -> new NaiveLoopWorkload(spec, TOOL_LATENCY);
            case WORKER_JVMS -> new ChildProcessWorkload(spec, cluster, flow, instances, TOOL_LATENCY.toMillis(), childJavaOptions);
        };
    }

    /** @throws IllegalArgumentException naming the known scenarios */
    static Scenario byLabel(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown scenario '" + label + "'; known: "
                        + Arrays.stream(values()).map(Scenario::label).toList()));
    }
}
