package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.streams.FlowShape;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.Output;
import dev.orchestrators.streams.serde.Request;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;

/**
 * A flow whose orchestrator answers in process (a coordinator, an aggregator, a transformer, ...):
 * <pre>
 *   requests -> [orchestrator + pending, ledger] -> results | reply-to | audit | dlq
 * </pre>
 * It needs nothing beyond what every flow has.
 */
final class PipelineShape extends Shape {
    /** The processor's node name (fixed: topologies stay compatible across releases). */
    static final String NODE = "orchestrator";

    PipelineShape() {
        super(FlowShape.PIPELINE, Orchestrator.class);
    }

    @Override
    public KStream<String, Output> build(StreamsBuilder builder, FlowSpec spec, KStream<String, Request> requests,
                                         Orchestrator probe) {
        return process(requests, spec, NODE, () -> new PipelineProcessor(spec));
    }
}
