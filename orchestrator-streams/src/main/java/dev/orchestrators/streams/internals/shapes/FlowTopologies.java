package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.streams.TopicRequirement;
import dev.orchestrators.streams.internals.engine.FlowOutputs;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.Output;
import dev.orchestrators.streams.internals.engine.PendingRequest;
import dev.orchestrators.streams.internals.engine.TaskLedger;

import dev.orchestrators.core.kinds.router.Router;
import dev.orchestrators.core.kinds.saga.Compensation;
import dev.orchestrators.core.kinds.saga.Saga;
import dev.orchestrators.core.kinds.scheduler.Scheduler;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.queue.ScheduledJob;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.JsonSerde;
import dev.orchestrators.streams.serde.Request;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Builds the Kafka Streams topology of a flow from the kind of its orchestrator. Every topology reads
 * {@code <flow>.requests}, runs a kind's processor on the asynchronous engine and ends in the branching
 * tail of {@link FlowOutputs} (one branch per destination topic):
 * <pre>
 *   pipeline   requests -> [pipeline + pending, ledger]        -> results | reply-to | audit | dlq
 *   router     requests -> [router + pending, ledger]          -> split: &lt;sub-flow&gt;.requests ... | results | audit | dlq
 *   saga       requests -> [saga steps + pending, ledger, saga-state]  -> compensations | results | reply-to | audit | dlq
 *              compensations -> [compensator + compensation-pending, ledger, saga-state] -> results | reply-to | audit | dlq
 *   scheduler  requests -> [scheduler + pending, ledger]      -> jobs | results | reply-to | audit | dlq
 *              jobs -> [job store + jobs, jobs-due; wall-clock tick] -> &lt;target&gt;.requests ... | jobs | results | audit
 * </pre>
 * Node and store names are fixed functions of the flow's name, so topologies stay compatible across releases.
 */
public final class FlowTopologies {
    private FlowTopologies() {
    }

    /** What kind of topology a flow's orchestrator needs. */
    public enum Shape { PIPELINE, ROUTER, SAGA, SCHEDULER }

    /** The shape of {@code orchestrator}'s topology. */
    public static Shape shapeOf(Orchestrator orchestrator) {
        if (orchestrator instanceof Router) {
            return Shape.ROUTER;
        }
        if (orchestrator instanceof Saga) {
            return Shape.SAGA;
        }
        if (orchestrator instanceof Scheduler) {
            return Shape.SCHEDULER;
        }
        return Shape.PIPELINE;
    }

    /**
     * Every topic flow {@code flow} writes, given its orchestrator (created once to see its shape, routes and
     * targets), the audit topic and the routers' result topics it answers on.
     */
    public static Set<String> outputTopics(String flow, Orchestrator orchestrator, String auditTopic, Set<String> replyTopics) {
        Set<String> topics = new LinkedHashSet<>();
        topics.add(TopicNames.results(flow));
        topics.add(auditTopic);
        topics.add(TopicNames.deadLetters(flow));
        topics.addAll(replyTopics);
        switch (shapeOf(orchestrator)) {
            case ROUTER -> ((Router) orchestrator).subFlowNames().forEach(sub -> topics.add(TopicNames.requests(sub)));
            case SAGA -> topics.add(TopicNames.compensations(flow));
            case SCHEDULER -> {
                topics.add(TopicNames.jobs(flow));
                ((Scheduler) orchestrator).targets().forEach(target -> topics.add(TopicNames.requests(target)));
            }
            default -> { }
        }
        return topics;
    }

    /** Every topic flow {@code flow} reads. */
    public static Set<String> inputTopics(String flow, Orchestrator orchestrator) {
        Set<String> topics = new LinkedHashSet<>();
        topics.add(TopicNames.requests(flow));
        switch (shapeOf(orchestrator)) {
            case SAGA -> topics.add(TopicNames.compensations(flow));
            case SCHEDULER -> topics.add(TopicNames.jobs(flow));
            default -> { }
        }
        return topics;
    }

    /** The topics flow {@code flow} needs, with what it needs of them (compaction, co-partitioning). */
    public static List<TopicRequirement> requirements(String flow, Orchestrator orchestrator, String auditTopic,
                                                      Set<String> replyTopics) {
        List<TopicRequirement> topics = new java.util.ArrayList<>();
        inputTopics(flow, orchestrator).forEach(t -> topics.add(TopicRequirement.plain(t)));
        outputTopics(flow, orchestrator, auditTopic, replyTopics).forEach(t -> topics.add(TopicRequirement.plain(t)));
        topics.add(TopicRequirement.compacted(auditTopic));
        if (shapeOf(orchestrator) == Shape.SAGA) {
            topics.add(TopicRequirement.copartitioned(TopicNames.compensations(flow), TopicNames.requests(flow)));
        }
        if (shapeOf(orchestrator) == Shape.SCHEDULER) {
            topics.add(TopicRequirement.compacted(TopicNames.jobs(flow)));
        }
        return topics;
    }

    /** The state stores of flow {@code flow} (each has a changelog {@code <application.id>-<store>-changelog}). */
    public static List<String> stores(String flow, Orchestrator orchestrator) {
        List<String> stores = new java.util.ArrayList<>(List.of(FlowSpec.pendingStore(flow), FlowSpec.ledgerStore(flow)));
        switch (shapeOf(orchestrator)) {
            case SAGA -> stores.addAll(List.of(FlowSpec.sagaStateStore(flow), FlowSpec.compensationPendingStore(flow)));
            case SCHEDULER -> stores.addAll(List.of(FlowSpec.jobsStore(flow), FlowSpec.jobsDueStore(flow)));
            default -> { }
        }
        return stores;
    }

    /** The flow's topology. */
    public static Topology build(FlowSpec spec) {
        Orchestrator probe = spec.flow().create(spec.context());
        String flow = spec.name();
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(pendingStore(FlowSpec.pendingStore(flow)));
        builder.addStateStore(ledgerStore(flow, spec.ledgerRetention()));
        Serde<Request> requestSerde = Serdes.serdeFrom(JsonSerde.of(Request.class).serializer(),
                spec.format().requestDeserializer(spec.limits()));
        KStream<String, Request> requests = builder.stream(spec.requests(),
                Consumed.with(Serdes.String(), requestSerde).withName("requests-source"));
        String pending = FlowSpec.pendingStore(flow);
        String ledger = FlowSpec.ledgerStore(flow);
        Set<String> outputs = outputTopics(flow, probe, spec.auditTopic(), spec.replyTopics());
        KStream<String, Output> out;
        switch (shapeOf(probe)) {
            case ROUTER -> out = requests.process(() -> new RouterProcessor(spec), Named.as("router"), pending, ledger);
            case SAGA -> {
                String state = FlowSpec.sagaStateStore(flow);
                String compensationPending = FlowSpec.compensationPendingStore(flow);
                builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(state),
                        Serdes.String(), JsonSerde.of(SagaState.class)));
                builder.addStateStore(pendingStore(compensationPending));
                SagaReleases releases = new SagaReleases();
                out = requests.process(() -> new SagaProcessor(spec, releases), Named.as("saga-steps"), pending, ledger, state);
                KStream<String, Output> compensated = builder.stream(TopicNames.compensations(flow),
                                Consumed.with(Serdes.String(), JsonSerde.of(Compensation.class)).withName("compensations-source"))
                        .process(() -> new CompensationProcessor(spec, releases), Named.as("saga-compensator"), compensationPending, ledger, state);
                out = out.merge(compensated, Named.as("saga-outputs"));
            }
            case SCHEDULER -> {
                builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FlowSpec.jobsStore(flow)),
                        Serdes.String(), JsonSerde.of(ScheduledJob.class)));
                builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FlowSpec.jobsDueStore(flow)),
                        Serdes.String(), Serdes.String()));
                out = requests.process(() -> new SchedulerProcessor(spec), Named.as("scheduler"), pending, ledger);
                // A sub-topology of its own: jobs are partitioned by job id, not like the requests.
                KStream<String, Output> fired = builder.stream(TopicNames.jobs(flow),
                                Consumed.with(Serdes.String(), JsonSerde.of(JobCommand.class)).withName("jobs-source"))
                        .process(() -> new JobStoreProcessor(spec), Named.as("job-store"),
                                FlowSpec.jobsStore(flow), FlowSpec.jobsDueStore(flow));
                Set<String> jobOutputs = new LinkedHashSet<>(List.of(spec.results(), spec.auditTopic(), TopicNames.jobs(flow)));
                ((Scheduler) probe).targets().forEach(target -> jobOutputs.add(TopicNames.requests(target)));
                FlowOutputs.branch(fired, "job-outputs", jobOutputs);
            }
            default -> out = requests.process(() -> new PipelineProcessor(spec), Named.as("orchestrator"), pending, ledger);
        }
        FlowOutputs.branch(out, "outputs", outputs);
        return builder.build();
    }

    /**
     * Admitted requests still in flight. Cached: a run that is admitted and answered between two commits (most
     * are) reaches the changelog as one tombstone at the commit, not as a put and a delete.
     */
    private static StoreBuilder<KeyValueStore<Long, PendingRequest>> pendingStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Long(), JsonSerde.of(PendingRequest.class))
                .withLoggingEnabled(Map.of())
                .withCachingEnabled();
    }

    private static StoreBuilder<WindowStore<String, TaskLedger.Entries>> ledgerStore(String flow, Duration retention) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(FlowSpec.ledgerStore(flow), retention,
                        Duration.ofMillis(1), false), Serdes.String(), JsonSerde.of(TaskLedger.Entries.class))
                .withLoggingEnabled(Map.of());
    }
}
