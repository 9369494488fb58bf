package dev.orchestrators.cli;

import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.streams.FlowPlan;
import dev.orchestrators.streams.TopicRequirement;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orchestrator flows}: every flow found, with its topics, kinds and capabilities. */
@Command(name = "flows", mixinStandardHelpOptions = true,
        description = "List every flow found (the reference flows and those of --flows-jar) with its topology, kinds, "
                + "capabilities, tools, topics and state stores. Checks each flow's composition as a start would.")
final class FlowsCommand implements Callable<Integer> {
    @Mixin
    FlowOptions options = new FlowOptions();

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try {
            return list(options.registry());
        } finally {
            options.tools().close();
        }
    }

    private int list(Registry registry) throws Exception {
        Map<String, FlowPlan> plans = FlowPlan.of(registry, options.context(),
                options.config().getString(OrchestratorConfig.AUDIT_TOPIC_CONFIG));
        if (json) {
            List<Map<String, Object>> out = plans.values().stream().map(FlowsCommand::toMap).toList();
            System.out.println(dev.orchestrators.streams.serde.Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
            return 0;
        }
        for (FlowPlan plan : plans.values()) {
            Description d = plan.description();
            System.out.printf("%s  (%s)%n", plan.name(), plan.shape().name().toLowerCase(Locale.ROOT));
            if (!plan.flow().description().isBlank()) {
                System.out.println("  " + plan.flow().description());
            }
            System.out.println("  kinds:        " + String.join(", ", d.kinds()));
            System.out.println("  capabilities: " + d.allCapabilities());
            System.out.println("  tools:        " + d.allTools());
            System.out.println("  reads:        " + String.join(", ", plan.inputs()));
            System.out.println("  writes:       " + String.join(", ", plan.outputs()));
            System.out.println("  stores:       " + String.join(", ", plan.stores()));
            System.out.println("  composition:  " + tree(d));
            System.out.println();
        }
        return 0;
    }

    private static String tree(Description d) {
        String self = d.name() + ":" + d.kind();
        return d.parts().isEmpty() ? self : self + " [" + d.parts().stream().map(FlowsCommand::tree).collect(Collectors.joining(" -> ")) + "]";
    }

    private static Map<String, Object> toMap(FlowPlan plan) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", plan.name());
        map.put("description", plan.flow().description());
        map.put("topology", plan.shape().name().toLowerCase(Locale.ROOT));
        map.put("kinds", plan.description().kinds());
        map.put("capabilities", plan.description().allCapabilities());
        map.put("tools", plan.description().allTools());
        map.put("reads", plan.inputs());
        map.put("writes", plan.outputs());
        map.put("topics", plan.topics().stream().map(TopicRequirement::name).distinct().toList());
        map.put("stores", plan.stores());
        map.put("reply_topics", plan.replyTopics());
        map.put("composition", plan.description());
        return map;
    }
}
