package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.streams.FlowShape;
import dev.orchestrators.streams.TopicRequirement;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.Output;
import dev.orchestrators.streams.serde.Request;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * A flow whose orchestrator answers in process (a coordinator, an aggregator, a transformer, ...):
 * <pre>
 *   requests -> [orchestrator + pending, ledger] -> results | reply-to | audit | dlq
 * </pre>
 * It needs nothing beyond what every flow has.
 */
final class PipelineShape implements Shape {
    /** The processor's node name (fixed: topologies stay compatible across releases). */
    static final String NODE = "orchestrator";

    @Override
    public FlowShape name() {
        return FlowShape.PIPELINE;
    }

    @Override
    public Class<? extends Orchestrator> runs() {
        return Orchestrator.class;
    }

    @Override
    public Set<String> extraInputs(String flow, Orchestrator orchestrator) {
        return Set.of();
    }

    @Override
    public Set<String> extraOutputs(String flow, Orchestrator orchestrator) {
        return Set.of();
    }

    @Override
    public List<TopicRequirement> requirements(String flow) {
        return List.of();
    }

    @Override
    public List<String> extraStores(String flow) {
        return List.of();
    }

    @Override
    public KStream<String, Output> build(StreamsBuilder builder, FlowSpec spec, KStream<String, Request> requests,
                                         Orchestrator probe) {
        return requests.process(() -> new PipelineProcessor(spec), Named.as(NODE),
                FlowSpec.pendingStore(spec.name()), FlowSpec.ledgerStore(spec.name()));
    }
}
