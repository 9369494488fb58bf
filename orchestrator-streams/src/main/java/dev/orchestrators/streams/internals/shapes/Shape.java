package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.streams.FlowShape;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.TopicRequirement;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.Output;
import dev.orchestrators.streams.serde.Request;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;

/**
 * One kind of flow topology. Every flow reads {@code <flow>.requests}, keeps the pending and ledger stores of
 * {@link FlowSpec} and writes its results, audit and dead letters ({@link FlowTopologies} adds those); a shape
 * declares what it needs beyond that and builds its processors. A new shape is one new implementation, listed in
 * {@link FlowTopologies#SHAPES}. Implementations are stateless.
 */
public interface Shape {

    /** The public name of this shape, in a flow's plan. */
    FlowShape name();

    /** The orchestrator type this shape runs; {@link FlowTopologies} picks the first shape whose type matches. */
    Class<? extends Orchestrator> runs();

    /** Topics the flow reads beyond its requests. */
    Set<String> extraInputs(String flow, Orchestrator orchestrator);

    /** Topics the flow writes beyond its results, the audit, its dead letters and the reply topics. */
    Set<String> extraOutputs(String flow, Orchestrator orchestrator);

    /** What the shape needs of its topics beyond being there (compaction, co-partitioning). */
    List<TopicRequirement> requirements(String flow);

    /** State stores beyond the pending and ledger stores (each with a changelog). */
    List<String> extraStores(String flow);

    /** The source topic of the sub-topology that holds {@code store}: the requests, unless the shape says otherwise. */
    default String sourceOf(String flow, String store) {
        return TopicNames.requests(flow);
    }

    /**
     * Adds the shape's stores and processors to {@code builder}; the pending and ledger stores are there already.
     *
     * @param requests the flow's requests, deserialised
     * @param probe    the flow's orchestrator, created once to read its declaration (routes, targets)
     * @return every output of the request processing, branched to its topic by {@link FlowOutputs}
     */
    KStream<String, Output> build(StreamsBuilder builder, FlowSpec spec, KStream<String, Request> requests, Orchestrator probe);
}
