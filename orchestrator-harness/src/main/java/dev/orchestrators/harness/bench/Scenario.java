package dev.orchestrators.harness.bench;

import dev.orchestrators.samples.SampleTools;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The benchmark scenarios, in the order they run. */
enum Scenario {
    IDENTITY("identity", Kind.IDENTITY, BenchFlow.LEAD_SYNC, 1, "Kafka Streams identity topology (bytes in, bytes out)"),
    ENVELOPE_IDENTITY("envelope_identity", Kind.ENVELOPE_IDENTITY, BenchFlow.LEAD_SYNC, 1,
            "Kafka Streams topology writing per request the records lead_sync writes (byte templates, no JSON)"),
    PLAIN_LOOP("plain_loop", Kind.PLAIN_LOOP, BenchFlow.LEAD_SYNC, 1, "KafkaConsumer -> KafkaProducer loop, commit per poll"),
    LEAD_SYNC_INMEM("lead_sync_inmem", Kind.IN_PROCESS, BenchFlow.LEAD_SYNC, 1, "lead_sync on OrchestratorRuntime, in-memory tools"),
    LEAD_SYNC_20MS("lead_sync_20ms", Kind.WORKER_JVMS, BenchFlow.LEAD_SYNC, 1, "lead_sync, every tool 20 ms (async), one worker JVM"),
    LEAD_SYNC_PG("lead_sync_pg", Kind.REAL_TOOLS, BenchFlow.LEAD_SYNC, 1,
            "lead_sync on real tools: the lead from PostgreSQL (on the same cores), enrichment from a local HTTP API answering "
                    + "in 20 ms, delivery POSTed to it; one worker JVM"),
    NAIVE_20MS("naive_20ms", Kind.NAIVE_LOOP, BenchFlow.LEAD_SYNC, 1,
            "blocking loop calling the three 20 ms tools in turn, commit per record"),
    LEAD_SYNC_20MS_X2("lead_sync_20ms_x2", Kind.WORKER_JVMS, BenchFlow.LEAD_SYNC, 2, "lead_sync, every tool 20 ms, two worker JVMs"),
    LEAD_SYNC_LIMITED_X1("lead_sync_limited_x1", Kind.LIMITED_JVMS, BenchFlow.LEAD_SYNC, 1,
            "lead_sync, every tool 20 ms, " + Scenario.LIMITED_TOOL + " limited to " + Scenario.LIMITED_CONCURRENCY
                    + " calls at once per instance; one worker JVM"),
    LEAD_SYNC_LIMITED_X2("lead_sync_limited_x2", Kind.LIMITED_JVMS, BenchFlow.LEAD_SYNC, 2,
            "as lead_sync_limited_x1, two worker JVMs"),
    LEAD_SYNC_LIMITED_X4("lead_sync_limited_x4", Kind.LIMITED_JVMS, BenchFlow.LEAD_SYNC, 4,
            "as lead_sync_limited_x1, four worker JVMs"),
    LEAD_SYNC_LIMITED_JOIN("lead_sync_limited_join", Kind.JOIN, BenchFlow.LEAD_SYNC, 2,
            "as lead_sync_limited_x1 under a backlog; a second worker JVM joins the group mid-run (rebalance cost)"),
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
    /** The tool the lead_sync_limited_* scenarios limit per instance, with the runtime's own per-tool bulkhead. */
    static final String LIMITED_TOOL = SampleTools.ENRICHMENT;
    /** {@code orchestrator.tool.<LIMITED_TOOL>.max.concurrent} of the limited scenarios. */
    static final int LIMITED_CONCURRENCY = 8;
    /**
     * {@code orchestrator.max.in.flight} of the limited scenarios: runs waiting for the bulkhead count against the
     * tool's 30 s time-out, so the queue in front of it must stay short (one instance owning all 12 tasks holds at
     * most 12 x 25 runs, under a second of queue); four instances still keep 3 x 25 runs in flight each, far more
     * than the 8 calls plus the other two 20 ms steps need.
     */
    static final int LIMITED_MAX_IN_FLIGHT = 25;
    /** Partitions of the limited scenarios: enough for four instances of three tasks each. */
    static final int LIMITED_PARTITIONS = 12;

    /** What runs the requests. */
    enum Kind { IDENTITY, ENVELOPE_IDENTITY, PLAIN_LOOP, NAIVE_LOOP, IN_PROCESS, WORKER_JVMS, LIMITED_JVMS, JOIN, REAL_TOOLS }

    /** How a scenario's latency is measured after its backlog. */
    enum Latency {
        /** None (the scaling scenarios measure throughput only). */
        NONE,
        /** One paced phase. */
        PACED,
        /** A paced phase per offered rate, up to saturation ({@link LatencySweep}). */
        SWEEP
    }

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

    /** Worker instances (for the join scenario: after the join). */
    int instances() {
        return instances;
    }

    boolean childProcesses() {
        return kind == Kind.WORKER_JVMS || kind == Kind.REAL_TOOLS || limited();
    }

    /** Whether each instance is capped by the per-tool limit ({@link #LIMITED_TOOL}) rather than by CPU. */
    boolean limited() {
        return kind == Kind.LIMITED_JVMS || kind == Kind.JOIN;
    }

    /** Whether the scenario measures a worker joining a running group instead of a drained backlog. */
    boolean join() {
        return kind == Kind.JOIN;
    }

    String description() {
        return description;
    }

    /** Whether the scenario runs flows on the runtime (in the bench JVM or in worker JVMs). */
    boolean runsFlows() {
        return kind == Kind.IN_PROCESS || childProcesses();
    }

    /** Whether the paced phase should run at the target rate (when the backlog rate reaches it). */
    boolean pacedAtTargetRate() {
        return kind == Kind.WORKER_JVMS || kind == Kind.REAL_TOOLS;
    }

    Latency latency() {
        return this == LEAD_SYNC_20MS ? Latency.SWEEP : limited() ? Latency.NONE : Latency.PACED;
    }

    /** Whether this is a raw Kafka baseline (no orchestration). */
    boolean rawKafka() {
        return kind == Kind.IDENTITY || kind == Kind.ENVELOPE_IDENTITY || kind == Kind.PLAIN_LOOP;
    }

    /** Whether the backlog phase is cut after a fixed time (the naive loop is too slow to drain it). */
    boolean timeBoxed() {
        return kind == Kind.NAIVE_LOOP;
    }

    /** Partitions of the scenario's topics: {@code partitions}, or {@link #LIMITED_PARTITIONS} for the limited ones. */
    int partitions(int partitions) {
        return limited() ? LIMITED_PARTITIONS : partitions;
    }

    /** Envelopes per second one limited instance can answer: {@link #LIMITED_CONCURRENCY} calls of 20 ms at once. */
    static double limitedCapacityPerInstance() {
        return LIMITED_CONCURRENCY * 1000.0 / TOOL_LATENCY.toMillis();
    }

    /** Runtime configuration this scenario sets on top of the bench's (the per-tool limit of the limited ones). */
    Map<String, String> runtimeOverrides() {
        if (!limited()) {
            return Map.of();
        }
        return Map.of(limitKey(), Integer.toString(LIMITED_CONCURRENCY),
                OrchestratorConfig.MAX_IN_FLIGHT_CONFIG, Integer.toString(LIMITED_MAX_IN_FLIGHT));
    }

    /** The limited scenarios' configuration key: {@code orchestrator.tool.<LIMITED_TOOL>.max.concurrent}. */
    static String limitKey() {
        return OrchestratorConfig.TOOL_PREFIX + LIMITED_TOOL + ".max.concurrent";
    }

    /** The limited scenarios' per-tool limit as the {@code -D} option their worker JVMs get. */
    static String limitOption() {
        return "-D " + limitKey() + "=" + LIMITED_CONCURRENCY;
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

    /**
     * @param profile what lead_sync writes per request (envelope_identity only; may be null otherwise)
     */
    Workload create(WorkloadSpec spec, BenchCluster cluster, List<String> childJavaOptions, WriteProfile profile) {
        return switch (kind) {
            case IDENTITY -> new IdentityWorkload(spec);
            case ENVELOPE_IDENTITY -> new EnvelopeIdentityWorkload(spec, cluster, profile);
            case PLAIN_LOOP -> new PlainLoopWorkload(spec);
            case IN_PROCESS -> new InProcessFlowWorkload(spec, flow);
            case NAIVE_LOOP -> new NaiveLoopWorkload(spec, TOOL_LATENCY);
            case WORKER_JVMS, LIMITED_JVMS -> new ChildProcessWorkload(spec, cluster, flow, instances, TOOL_LATENCY.toMillis(),
                    childJavaOptions);
            case JOIN -> new ChildProcessWorkload(spec, cluster, flow, 1, TOOL_LATENCY.toMillis(), childJavaOptions);
            case REAL_TOOLS -> new RealToolsWorkload(spec, cluster, childJavaOptions, TOOL_LATENCY);
        };
    }

    /** @throws IllegalArgumentException naming the known scenarios */
    static Scenario byLabel(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown scenario '" + label + "'; known: "
                        + Arrays.stream(values()).map(Scenario::label).toList()));
    }
}
