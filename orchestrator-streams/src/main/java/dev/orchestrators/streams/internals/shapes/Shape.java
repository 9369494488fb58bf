package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.streams.FlowShape;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.TopicRequirement;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.Output;
import dev.orchestrators.streams.serde.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * One kind of flow topology. Every flow reads {@code <flow>.requests}, keeps the pending and ledger stores of
 * {@link FlowSpec} and writes its results, audit and dead letters ({@link FlowTopologies} adds those); a shape
 * declares what it needs beyond that (nothing, by default) and builds its processors. A new shape is one new
 * subclass, listed in {@link FlowTopologies#SHAPES}. Shapes are stateless.
 */
public abstract class Shape {
    private final FlowShape name;
    private final Class<? extends Orchestrator> runs;

    protected Shape(FlowShape name, Class<? extends Orchestrator> runs) {
        this.name = Objects.requireNonNull(name, "name");
        this.runs = Objects.requireNonNull(runs, "runs");
    }

    /** The public name of this shape, in a flow's plan. */
    public final FlowShape name() {
        return name;
    }

    /** The orchestrator type this shape runs; {@link FlowTopologies} picks the first shape whose type matches. */
    public final Class<? extends Orchestrator> runs() {
        return runs;
    }

    /** Topics the flow reads beyond its requests. */
    public Set<String> extraInputs(String flow, Orchestrator orchestrator) {
        return Set.of();
    }

    /** Topics the flow writes beyond its results, the audit, its dead letters and the reply topics. */
    public Set<String> extraOutputs(String flow, Orchestrator orchestrator) {
        return Set.of();
    }

    /** What the shape needs of its topics beyond being there (compaction, co-partitioning). */
    public List<TopicRequirement> requirements(String flow) {
        return List.of();
    }

    /** State stores beyond the pending and ledger stores (each with a changelog). */
    public List<String> extraStores(String flow) {
        return List.of();
    }

    /** The source topic of the sub-topology that holds {@code store}: the requests, unless the shape says otherwise. */
    public String sourceOf(String flow, String store) {
        return TopicNames.requests(flow);
    }

    /**
     * Adds the shape's stores and processors to {@code builder}; the pending and ledger stores are there already.
     *
     * @param requests the flow's requests, deserialised
     * @param probe    the flow's orchestrator, created once to read its declaration (routes, targets)
     * @return every output of the request processing, branched to its topic by {@code FlowOutputs}
     */
    public abstract KStream<String, Output> build(StreamsBuilder builder, FlowSpec spec, KStream<String, Request> requests,
                                                  Orchestrator probe);

    /** {@code requests} through the processor of node {@code node}, with the pending and ledger stores and {@code more}. */
    protected static KStream<String, Output> process(KStream<String, Request> requests, FlowSpec spec, String node,
                                                     ProcessorSupplier<String, Request, String, Output> processor,
                                                     String... more) {
        List<String> stores = new ArrayList<>(List.of(FlowSpec.pendingStore(spec.name()), FlowSpec.ledgerStore(spec.name())));
        stores.addAll(List.of(more));
        return requests.process(processor, Named.as(node), stores.toArray(String[]::new));
    }
}
