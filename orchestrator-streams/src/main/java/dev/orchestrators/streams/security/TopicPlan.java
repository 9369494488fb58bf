package dev.orchestrators.streams.security;

import dev.orchestrators.streams.FlowPlan;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.TopicRequirement;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.shapes.FlowTopologies;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every topic one or more flows need, internal ones included, derived from their declarations ({@link FlowPlan})
 * and the configuration, so an administrator can create them all before the workers start and the workers need
 * no Create permission ({@code orchestrator topics}):
 * <ul>
 *   <li>the flow's own topics and those it writes to, with {@code orchestrator.topic.partitions} and
 *       {@code orchestrator.topic.replication.factor}; compacted where a flow needs it (audit, a scheduler's
 *       jobs); a saga's compensations with exactly as many partitions as its requests;</li>
 *   <li>the telemetry topic, when {@code orchestrator.sample.rate} is above 0;</li>
 *   <li>the changelog of every state store, exactly as Kafka Streams would create it: named
 *       {@code <application.id>-<store>-changelog}, with as many partitions as the source topic of the store's
 *       sub-topology (Kafka Streams refuses to start otherwise), Streams' {@code replication.factor},
 *       {@code message.timestamp.type=CreateTime}, and {@code cleanup.policy=compact} for key-value stores or
 *       {@code compact,delete} with {@code retention.ms = orchestrator.ledger.retention.ms +
 *       windowstore.changelog.additional.retention.ms} for the side-effect ledger (a window store); any
 *       {@code streams.topic.<config>} applies to them as Streams applies it.</li>
 * </ul>
 * Immutable.
 */
public final class TopicPlan {
    private final List<TopicSpec> topics;

    private TopicPlan(List<TopicSpec> topics) {
        this.topics = List.copyOf(topics);
    }

    /** The topics of {@code plan}, configured by {@code config} (its {@code flow.<flow>.} overrides included). */
    public static TopicPlan of(FlowPlan plan, OrchestratorConfig config) {
        return of(List.of(plan), config);
    }

    /** The topics of every plan of {@code plans}, each once (the strictest need of a shared topic wins). */
    public static TopicPlan of(Collection<FlowPlan> plans, OrchestratorConfig config) {
        Map<String, TopicSpec> byName = new LinkedHashMap<>();
        int partitions = config.getInt(OrchestratorConfig.TOPIC_PARTITIONS_CONFIG);
        short replication = config.getShort(OrchestratorConfig.TOPIC_REPLICATION_FACTOR_CONFIG);
        String audit = config.getString(OrchestratorConfig.AUDIT_TOPIC_CONFIG);
        for (FlowPlan plan : plans) {
            for (TopicRequirement r : plan.topics()) {
                TopicSpec.Kind kind = r.name().equals(audit) ? TopicSpec.Kind.SHARED : TopicSpec.Kind.FLOW;
                Map<String, String> configs = r.compacted()
                        ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT) : Map.of();
                byName.merge(r.name(), new TopicSpec(r.name(), kind, partitions, r.copartitionedWith(), replication, configs),
                        TopicSpec::merge);
            }
        }
        if (config.getDouble(OrchestratorConfig.SAMPLE_RATE_CONFIG) > 0) {
            String telemetry = config.getString(OrchestratorConfig.TELEMETRY_TOPIC_CONFIG);
            byName.putIfAbsent(telemetry, new TopicSpec(telemetry, TopicSpec.Kind.SHARED, partitions, null, replication, Map.of()));
        }
        for (FlowPlan plan : plans) {
            changelogs(plan, config.forFlow(plan.name())).forEach(spec -> byName.putIfAbsent(spec.name(), spec));
        }
        return new TopicPlan(new ArrayList<>(byName.values()));
    }

    /** Every topic, flow topics first, then shared ones, then changelogs. */
    public List<TopicSpec> topics() {
        return topics;
    }

    /** Kafka Streams' internal topics (the changelogs). */
    public List<TopicSpec> internal() {
        return topics.stream().filter(t -> t.kind() == TopicSpec.Kind.INTERNAL).toList();
    }

    /** The changelog of every state store of {@code plan}, as Kafka Streams would create it with {@code flowConfig}. */
    static List<TopicSpec> changelogs(FlowPlan plan, OrchestratorConfig flowConfig) {
        String flow = plan.name();
        String applicationId = TopicNames.applicationId(
                flowConfig.getString(OrchestratorConfig.APPLICATION_ID_PREFIX_CONFIG), flow);
        StreamsConfig streams = streamsConfig(applicationId, flowConfig);
        short replication = streams.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG).shortValue();
        long additionalRetention = streams.getLong(StreamsConfig.WINDOW_STORE_CHANGE_LOG_ADDITIONAL_RETENTION_MS_CONFIG);
        Map<String, String> defaults = new LinkedHashMap<>();
        streams.originalsWithPrefix(StreamsConfig.TOPIC_PREFIX).forEach((k, v) -> {
            if (v != null) {
                defaults.put(k, v.toString());
            }
        });
        long ledgerRetention = flowConfig.getLong(OrchestratorConfig.LEDGER_RETENTION_MS_CONFIG);
        int partitions = flowConfig.getInt(OrchestratorConfig.TOPIC_PARTITIONS_CONFIG);
        List<TopicSpec> out = new ArrayList<>();
        for (String store : plan.stores()) {
            Map<String, String> configs = new LinkedHashMap<>();
            configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
            boolean windowed = store.equals(FlowSpec.ledgerStore(flow));
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, windowed
                    ? TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE
                    : TopicConfig.CLEANUP_POLICY_COMPACT);
            configs.putAll(defaults);
            if (windowed && !defaults.containsKey(TopicConfig.RETENTION_MS_CONFIG)) {
                long retention = ledgerRetention + additionalRetention;
                configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention < 0 ? Long.MAX_VALUE : retention));
            }
            out.add(new TopicSpec(TopicNames.changelog(applicationId, store), TopicSpec.Kind.INTERNAL, partitions,
                    sourceOf(plan, store), replication, configs));
        }
        return out;
    }

    /**
     * The source topic of the sub-topology that holds {@code store}: a scheduler's job stores sit with its jobs
     * topic; every other store with the requests (a saga's compensations are co-partitioned with them).
     */
    private static String sourceOf(FlowPlan plan, String store) {
        return FlowTopologies.sourceOfStore(plan.shape(), plan.name(), store);
    }

    /** The Streams settings that shape internal topics, as the runtime gives them to the flow's Kafka Streams. */
    private static StreamsConfig streamsConfig(String applicationId, OrchestratorConfig flowConfig) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG,
                (int) flowConfig.getShort(OrchestratorConfig.TOPIC_REPLICATION_FACTOR_CONFIG));
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.putAll(flowConfig.streamsOverrides());
        return new StreamsConfig(props, false) { // not logged: this is no Kafka Streams instance
        };
    }
}
