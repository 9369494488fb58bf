package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.kinds.router.Router;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.streams.FlowShape;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.TopicRequirement;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.Output;
import dev.orchestrators.streams.serde.Request;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * A router: each request goes on to the chosen sub-flow's requests, whose result topic answers the router's:
 * <pre>
 *   requests -> [router + pending, ledger] -> split: &lt;sub-flow&gt;.requests ... | results | audit | dlq
 * </pre>
 * It writes every sub-flow's request topic besides what every flow writes.
 */
final class RouterShape implements Shape {
    static final String NODE = "router";

    @Override
    public FlowShape name() {
        return FlowShape.ROUTER;
    }

    @Override
    public Class<? extends Orchestrator> runs() {
        return Router.class;
    }

    @Override
    public Set<String> extraInputs(String flow, Orchestrator orchestrator) {
        return Set.of();
    }

    @Override
    public Set<String> extraOutputs(String flow, Orchestrator orchestrator) {
        Set<String> topics = new LinkedHashSet<>();
        ((Router) orchestrator).subFlowNames().forEach(sub -> topics.add(TopicNames.requests(sub)));
        return topics;
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
        return requests.process(() -> new RouterProcessor(spec), Named.as(NODE),
                FlowSpec.pendingStore(spec.name()), FlowSpec.ledgerStore(spec.name()));
    }
}
