package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.kinds.router.Router;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.streams.FlowShape;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.Output;
import dev.orchestrators.streams.serde.Request;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;

/**
 * A router: each request goes on to the chosen sub-flow's requests, whose result topic answers the router's:
 * <pre>
 *   requests -> [router + pending, ledger] -> split: &lt;sub-flow&gt;.requests ... | results | audit | dlq
 * </pre>
 * It writes every sub-flow's request topic besides what every flow writes.
 */
final class RouterShape extends Shape {
    static final String NODE = "router";

    RouterShape() {
        super(FlowShape.ROUTER, Router.class);
    }

    @Override
    public Set<String> extraOutputs(String flow, Orchestrator orchestrator) {
        Set<String> topics = new LinkedHashSet<>();
        ((Router) orchestrator).subFlowNames().forEach(sub -> topics.add(TopicNames.requests(sub)));
        return topics;
    }

    @Override
    public KStream<String, Output> build(StreamsBuilder builder, FlowSpec spec, KStream<String, Request> requests,
                                         Orchestrator probe) {
        return process(requests, spec, NODE, () -> new RouterProcessor(spec));
    }
}
