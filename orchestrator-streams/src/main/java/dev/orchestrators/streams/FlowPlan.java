package dev.orchestrators.streams;

import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.kinds.router.Router;
import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.streams.TopicRequirement;
import dev.orchestrators.streams.internals.shapes.FlowTopologies;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What running a flow on Kafka takes, derived from its declaration alone: its topology's shape, its kinds,
 * capabilities and tools, the topics it reads and writes (with what it needs of them), its state stores,
 * and the routers' result topics it answers on. {@code orchestrator flows} prints it; the runtime provisions
 * topics from it; least-privilege ACLs and deployment resources are generated from it. Immutable.
 *
 * @param flow        the flow
 * @param shape       the kind of topology it runs as
 * @param description its composition, as declared
 * @param inputs      topics it reads
 * @param outputs     topics it writes
 * @param topics      every topic it needs, with compaction and co-partitioning requirements
 * @param stores      its state stores (each with a changelog {@code <application.id>-<store>-changelog})
 * @param replyTopics result topics of routers that route to it (it answers there too)
 */
public record FlowPlan(Flow flow, FlowShape shape, Description description, Set<String> inputs,
                       Set<String> outputs, List<TopicRequirement> topics, List<String> stores, Set<String> replyTopics) {

    public String name() {
        return flow.name();
    }

    /**
     * The plan of every flow of {@code registry}: each flow's orchestrator is created once with
     * {@code context} (which also checks its composition).
     *
     * @throws dev.orchestrators.core.errors.ConfigurationException when a flow fails its start-up checks
     */
    public static Map<String, FlowPlan> of(Registry registry, OrchestratorContext context, String auditTopic) {
        Map<String, Orchestrator> probes = new LinkedHashMap<>();
        registry.flows().forEach(flow -> probes.put(flow.name(), flow.create(context)));
        Map<String, Set<String>> replyTopics = new HashMap<>();
        probes.forEach((name, orchestrator) -> {
            if (orchestrator instanceof Router router) {
                router.subFlowNames().forEach(sub ->
                        replyTopics.computeIfAbsent(sub, s -> new TreeSet<>()).add(TopicNames.results(name)));
            }
        });
        Map<String, FlowPlan> plans = new LinkedHashMap<>();
        for (Flow flow : registry.flows()) {
            Orchestrator probe = probes.get(flow.name());
            Set<String> replies = replyTopics.getOrDefault(flow.name(), Set.of());
            plans.put(flow.name(), new FlowPlan(flow, FlowTopologies.shapeNameOf(probe), probe.describe(),
                    FlowTopologies.inputTopics(flow.name(), probe),
                    FlowTopologies.outputTopics(flow.name(), probe, auditTopic, replies),
                    FlowTopologies.requirements(flow.name(), probe, auditTopic, replies),
                    FlowTopologies.stores(flow.name(), probe), replies));
        }
        return plans;
    }
}
