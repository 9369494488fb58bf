package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.streams.FlowShape;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.TopicRequirement;
import dev.orchestrators.streams.internals.engine.FlowOutputs;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.Output;
import dev.orchestrators.streams.internals.engine.PendingRequest;
import dev.orchestrators.streams.internals.engine.TaskLedger;
import dev.orchestrators.streams.serde.JsonSerde;
import dev.orchestrators.streams.serde.Request;
import java.time.Duration;
import java.util.ArrayList;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The lookup of a flow's {@link Shape} by its orchestrator's type, and what every shape shares: each topology
 * reads {@code <flow>.requests}, keeps the pending and ledger stores, and ends in the branching tail of
 * {@link FlowOutputs} (one branch per destination topic: results, reply-to topics, audit, dead letters, and what
 * the shape adds). Node and store names are fixed functions of the flow's name, so topologies stay compatible
 * across releases.
 */
public final class FlowTopologies {
    /** Every shape, most specific first: the first whose orchestrator type matches runs the flow. */
    static final List<Shape> SHAPES = List.of(new RouterShape(), new SagaShape(), new SchedulerShape(), new PipelineShape());
    static final String REQUESTS_SOURCE = "requests-source";
    static final String OUTPUTS = "outputs";

    private FlowTopologies() {
    }

    /** The shape that runs {@code orchestrator}. */
    public static Shape shapeOf(Orchestrator orchestrator) {
        for (Shape shape : SHAPES) {
            if (shape.runs().isInstance(orchestrator)) {
                return shape;
            }
        }
        throw new IllegalStateException("no shape runs " + orchestrator.getClass().getName()); // PipelineShape runs all
    }

    /** The public name of the shape that runs {@code orchestrator}. */
    public static FlowShape shapeNameOf(Orchestrator orchestrator) {
        return shapeOf(orchestrator).name();
    }

    /** The source topic of the sub-topology that holds {@code store} in a flow of shape {@code shape}. */
    public static String sourceOfStore(FlowShape shape, String flow, String store) {
        for (Shape candidate : SHAPES) {
            if (candidate.name() == shape) {
                return candidate.sourceOf(flow, store);
            }
        }
        throw new IllegalArgumentException("no shape is named " + shape);
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
        topics.addAll(shapeOf(orchestrator).extraOutputs(flow, orchestrator));
        return topics;
    }

    /** Every topic flow {@code flow} reads. */
    public static Set<String> inputTopics(String flow, Orchestrator orchestrator) {
        Set<String> topics = new LinkedHashSet<>();
        topics.add(TopicNames.requests(flow));
        topics.addAll(shapeOf(orchestrator).extraInputs(flow, orchestrator));
        return topics;
    }

    /** The topics flow {@code flow} needs, with what it needs of them (compaction, co-partitioning). */
    public static List<TopicRequirement> requirements(String flow, Orchestrator orchestrator, String auditTopic,
                                                      Set<String> replyTopics) {
        List<TopicRequirement> topics = new ArrayList<>();
        inputTopics(flow, orchestrator).forEach(t -> topics.add(TopicRequirement.plain(t)));
        outputTopics(flow, orchestrator, auditTopic, replyTopics).forEach(t -> topics.add(TopicRequirement.plain(t)));
        topics.add(TopicRequirement.compacted(auditTopic));
        topics.addAll(shapeOf(orchestrator).requirements(flow));
        return topics;
    }

    /** The state stores of flow {@code flow} (each has a changelog {@code <application.id>-<store>-changelog}). */
    public static List<String> stores(String flow, Orchestrator orchestrator) {
        List<String> stores = new ArrayList<>(List.of(FlowSpec.pendingStore(flow), FlowSpec.ledgerStore(flow)));
        stores.addAll(shapeOf(orchestrator).extraStores(flow));
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
                Consumed.with(Serdes.String(), requestSerde).withName(REQUESTS_SOURCE));
        KStream<String, Output> out = shapeOf(probe).build(builder, spec, requests, probe);
        FlowOutputs.branch(out, OUTPUTS, outputTopics(flow, probe, spec.auditTopic(), spec.replyTopics()));
        return builder.build();
    }

    /**
     * Admitted requests still in flight. Cached: a run that is admitted and answered between two commits (most
     * are) reaches the changelog as one tombstone at the commit, not as a put and a delete.
     */
    static StoreBuilder<KeyValueStore<Long, PendingRequest>> pendingStore(String name) {
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
