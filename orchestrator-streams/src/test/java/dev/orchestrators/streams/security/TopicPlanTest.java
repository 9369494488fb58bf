package dev.orchestrators.streams.security;

import static dev.orchestrators.streams.security.SamplePlans.config;
import static dev.orchestrators.streams.security.SamplePlans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.streams.FlowPlan;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.internals.engine.ShutdownDrain;
import dev.orchestrators.streams.internals.shapes.FlowTopologies;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.internals.InternalTopicConfig;
import org.apache.kafka.streams.processor.internals.InternalTopologyBuilder;
import org.junit.jupiter.api.Test;

class TopicPlanTest {

    @Test
    void shouldListEveryTopicOfAPipelineWithPartitionsReplicationAndConfigs() {
        TopicPlan topics = TopicPlan.of(plan("lead_sync"), config(OrchestratorConfig.TOPIC_PARTITIONS_CONFIG, "6",
                OrchestratorConfig.TOPIC_REPLICATION_FACTOR_CONFIG, "3"));

        assertThat(topics.topics()).extracting(TopicSpec::name).containsExactly(
                "lead_sync.requests", "lead_sync.results", "orchestrator.audit", "lead_sync.dlq", "orchestrator.telemetry",
                "orchestrator-lead_sync-lead_sync-pending-changelog", "orchestrator-lead_sync-lead_sync-ledger-changelog");
        assertThat(topics.topics()).allSatisfy(t -> assertThat(t.replicationFactor()).isEqualTo((short) 3));
        assertThat(byName(topics, "lead_sync.requests").partitions()).isEqualTo(6);
        assertThat(byName(topics, "orchestrator.audit").configs()).containsEntry("cleanup.policy", "compact");
        assertThat(byName(topics, "orchestrator.audit").kind()).isEqualTo(TopicSpec.Kind.SHARED);
        assertThat(byName(topics, "orchestrator-lead_sync-lead_sync-pending-changelog"))
                .satisfies(t -> assertThat(t.partitionsLike()).isEqualTo("lead_sync.requests"))
                .satisfies(t -> assertThat(t.kind()).isEqualTo(TopicSpec.Kind.INTERNAL))
                .satisfies(t -> assertThat(t.configs()).containsExactlyInAnyOrderEntriesOf(
                        Map.of("cleanup.policy", "compact", "message.timestamp.type", "CreateTime")));
        // the ledger is a window store: compact,delete, its retention plus Streams' one day of additional retention
        assertThat(byName(topics, "orchestrator-lead_sync-lead_sync-ledger-changelog").configs()).containsExactlyInAnyOrderEntriesOf(
                Map.of("cleanup.policy", "compact,delete", "message.timestamp.type", "CreateTime",
                        "retention.ms", Long.toString(7L * 24 * 3600 * 1000 + 24L * 3600 * 1000)));
    }

    @Test
    void shouldListASharedTopicOnceForSeveralFlowsAndTheStricterNeedWins() {
        TopicPlan topics = TopicPlan.of(List.of(plan("lead_sync"), plan("followup_reminder"), plan("account_provisioning")),
                config(OrchestratorConfig.SAMPLE_RATE_CONFIG, "0"));

        assertThat(topics.topics()).extracting(TopicSpec::name).doesNotHaveDuplicates()
                .contains("lead_sync.requests", "followup_reminder.jobs", "account_provisioning.compensations")
                .doesNotContain(TopicNames.TELEMETRY);
        assertThat(byName(topics, "followup_reminder.jobs").configs()).containsEntry("cleanup.policy", "compact");
        assertThat(byName(topics, "account_provisioning.compensations").partitionsLike()).isEqualTo("account_provisioning.requests");
        assertThat(byName(topics, "orchestrator-followup_reminder-followup_reminder-jobs-changelog").partitionsLike())
                .isEqualTo("followup_reminder.jobs");
    }

    @Test
    void shouldCreateEveryChangelogExactlyAsKafkaStreamsWould() throws Exception {
        // given: every reference flow, with Streams settings that shape internal topics changed
        OrchestratorConfig config = config(
                OrchestratorConfig.LEDGER_RETENTION_MS_CONFIG, "3600000",
                "streams.windowstore.changelog.additional.retention.ms", "5000",
                "streams.topic.min.insync.replicas", "2",
                OrchestratorConfig.TOPIC_REPLICATION_FACTOR_CONFIG, "2");
        for (FlowPlan plan : SamplePlans.PLANS.values()) {
            // when: Kafka Streams' own builder works out the flow's changelogs from its real topology
            Map<String, InternalTopicConfig> streamsChangelogs = new HashMap<>();
            Map<String, List<String>> sourcesOf = new HashMap<>();
            StreamsConfig streamsConfig = new StreamsConfig(OrchestratorRuntime.streamsProperties(plan.name(), "unused:9092", config));
            InternalTopologyBuilder builder = internals(plan, config).rewriteTopology(streamsConfig);
            builder.buildTopology();  // names the changelogs, as a starting KafkaStreams does
            for (InternalTopologyBuilder.TopicsInfo info : builder.subtopologyToTopicsInfo().values()) {
                streamsChangelogs.putAll(info.stateChangelogTopics);
                info.stateChangelogTopics.keySet().forEach(t -> sourcesOf.put(t, List.copyOf(info.sourceTopics)));
            }
            Map<String, String> defaults = new HashMap<>();
            streamsConfig.originalsWithPrefix(StreamsConfig.TOPIC_PREFIX).forEach((k, v) -> defaults.put(k, v.toString()));
            long additional = streamsConfig.getLong(StreamsConfig.WINDOW_STORE_CHANGE_LOG_ADDITIONAL_RETENTION_MS_CONFIG);

            // then: the plan has the same topics, configs and replication, partitioned like their sub-topology's source
            List<TopicSpec> planned = TopicPlan.of(plan, config).internal();
            assertThat(planned).extracting(TopicSpec::name).as(plan.name())
                    .containsExactlyInAnyOrderElementsOf(streamsChangelogs.keySet());
            for (TopicSpec spec : planned) {
                assertThat(spec.configs()).as(spec.name())
                        .containsExactlyInAnyOrderEntriesOf(streamsChangelogs.get(spec.name()).properties(defaults, additional));
                assertThat(sourcesOf.get(spec.name())).as(spec.name()).contains(spec.partitionsLike());
                assertThat((int) spec.replicationFactor()).isEqualTo(streamsConfig.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG));
            }
        }
    }

    /** Kafka Streams' internal builder of the flow's real topology (what the runtime starts). */
    private static InternalTopologyBuilder internals(FlowPlan plan, OrchestratorConfig config) throws Exception {
        Topology topology = FlowTopologies.build(dev.orchestrators.streams.internals.engine.FlowSpec.of(plan, SamplePlans.context(), config.forFlow(plan.name()),
                new ShutdownDrain(), null, dev.orchestrators.streams.serde.WireFormats.allJson(),
                dev.orchestrators.streams.internals.observability.FlowMeters.none()));
        Field field = Topology.class.getDeclaredField("internalTopologyBuilder");
        field.setAccessible(true);
        return (InternalTopologyBuilder) field.get(topology);
    }

    private static TopicSpec byName(TopicPlan topics, String name) {
        return topics.topics().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }
}
