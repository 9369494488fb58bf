package dev.orchestrators.cli;

import dev.orchestrators.streams.FlowPlan;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.security.TopicCreator;
import dev.orchestrators.streams.security.TopicPlan;
import dev.orchestrators.streams.security.TopicSpec;
import dev.orchestrators.streams.serde.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orchestrator topics}: every topic flows need, internal ones included, printed or created. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Print (and with --apply create the missing ones, as an administrator) every topic the flows need: their own, "
                + "the shared audit and telemetry topics, and Kafka Streams' changelogs, exactly as Streams would create them "
                + "(partitions like their source topic, compaction, retention), so workers need no Create permission.",
                "Example: orchestrator topics --flow lead_sync --apply --bootstrap-servers HOST:PORT --partitions 6 "
                        + "-D orchestrator.topic.replication.factor=3",
                "On Kubernetes with Strimzi: orchestrator topics --format strimzi --cluster my-cluster --partitions 6 "
                        + "-D orchestrator.topic.replication.factor=3 > kafka-topics.yaml (one KafkaTopic per topic)"})
final class TopicsCommand implements Callable<Integer> {
    /** Output formats; each renders the same {@link TopicSpec}s. */
    enum Format { TEXT, JSON, STRIMZI }

    @Mixin
    FlowOptions options = new FlowOptions();

    @Option(names = "--flow", paramLabel = "NAME", description = "A flow whose topics to list (repeatable; default: every flow).")
    List<String> flows = new ArrayList<>();

    @Option(names = "--apply", description = "Create the missing topics on --bootstrap-servers; existing topics are never altered.")
    boolean apply;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "text, json, or strimzi: a Strimzi KafkaTopic resource per topic, as YAML (default: ${DEFAULT-VALUE}).")
    String format = "text";

    @Option(names = "--cluster", paramLabel = "NAME", description = "With --format strimzi: the Strimzi Kafka cluster (label strimzi.io/cluster).")
    String cluster;

    @Option(names = "--namespace", paramLabel = "NAMESPACE",
            description = "With --format strimzi: the resources' namespace (default: none, the one they are applied in).")
    String namespace;

    @Override
    public Integer call() throws Exception {
        Format output;
        try {
            output = Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("--format must be text, json or strimzi, was " + format);
            return 2;
        }
        if (output == Format.STRIMZI && apply) {
            System.err.println("--format strimzi prints the resources for the Strimzi topic operator to create; without --apply");
            return 2;
        }
        OrchestratorConfig config = options.config();
        Map<String, FlowPlan> plans = FlowPlan.of(options.registry(), options.context(),
                config.getString(OrchestratorConfig.AUDIT_TOPIC_CONFIG));
        TopicPlan topics = TopicPlan.of(AdminAccess.selected(flows, config, plans, true), config);
        if (output == Format.STRIMZI) {
            System.out.print(StrimziResources.yaml(new StrimziResources(cluster, namespace).topics(topics)));
            return 0;
        }
        if (!apply) {
            print(output, topics.topics().stream().map(t -> row(t, null)).toList());
            return 0;
        }
        List<TopicCreator.Outcome> outcomes;
        try (Admin admin = AdminAccess.admin(config)) {
            outcomes = new TopicCreator(admin, Duration.ofSeconds(60)).create(topics);
        }
        print(output, outcomes.stream().map(o -> row(o.spec(), o)).toList());
        List<TopicCreator.Outcome> problems = outcomes.stream().filter(o -> o.problem() != null).toList();
        problems.forEach(o -> System.err.println("topic " + o.spec().name() + " " + o.problem()));
        System.err.printf("%d topics created, %d existed%s%n", outcomes.stream().filter(TopicCreator.Outcome::created).count(),
                outcomes.stream().filter(o -> !o.created()).count(), problems.isEmpty() ? "" : ", " + problems.size() + " wrong");
        return problems.isEmpty() ? 0 : 1;
    }

    private static Map<String, Object> row(TopicSpec spec, TopicCreator.Outcome outcome) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", spec.name());
        row.put("kind", spec.kind().name().toLowerCase(Locale.ROOT));
        Integer partitions = null;
        if (outcome != null) {
            partitions = outcome.partitions();
        } else if (spec.partitionsLike() == null) {
            partitions = spec.partitions();
        }
        row.put("partitions", partitions);
        row.put("partitions_like", spec.partitionsLike());
        row.put("replication_factor", spec.replicationFactor());
        row.put("configs", spec.configs());
        if (outcome != null) {
            row.put("status", outcome.created() ? "created" : "exists");
            row.put("problem", outcome.problem());
        }
        return row;
    }

    private static void print(Format output, List<Map<String, Object>> rows) throws Exception {
        switch (output) {
            case JSON -> System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
            case TEXT -> {
                int width = rows.stream().mapToInt(r -> r.get("name").toString().length()).max().orElse(0);
                for (Map<String, Object> r : rows) {
                    String partitions = r.get("partitions") != null ? r.get("partitions").toString() : "as " + r.get("partitions_like");
                    @SuppressWarnings("unchecked")
                    Map<String, String> configs = (Map<String, String>) r.get("configs");
                    System.out.printf("%-" + width + "s  %-8s  partitions %s  replication %s%s%s%n", r.get("name"), r.get("kind"),
                            partitions, r.get("replication_factor"),
                            configs.isEmpty() ? "" : "  " + configs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                    .collect(Collectors.joining(" ")),
                            r.containsKey("status") ? "  [" + r.get("status") + "]" : "");
                }
            }
            default -> throw new IllegalStateException("format " + output + " does not print rows");
        }
    }
}
