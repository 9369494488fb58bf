package dev.orchestrators.streams.internals.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orchestrators.broker.EmbeddedKafkaBroker;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.streams.TopicRequirement;
import dev.orchestrators.streams.security.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TopicProvisionerIT {
    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.newBuilder().port(0).build().start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    @Test
    void shouldCreateMissingTopicsAndACompactedAuditTopic() throws Exception {
        new TopicProvisioner(admin, 4, (short) 1).ensure(List.of("p1.requests", "p1.results"), "p1.audit");

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(
                admin.describeTopics(List.of("p1.requests", "p1.results", "p1.audit")).allTopicNames().get().values())
                .allSatisfy(t -> assertThat(t.partitions()).hasSize(4)));
        ConfigResource audit = new ConfigResource(ConfigResource.Type.TOPIC, "p1.audit");
        assertThat(admin.describeConfigs(List.of(audit)).all().get().get(audit)
                .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    @Test
    void shouldCreateTheChangelogsOfStateStoresPartitionedLikeTheirSourceTopic() throws Exception {
        // given a flow whose requests topic exists with 2 partitions, and the changelog of one of its stores
        admin.createTopics(List.of(new NewTopic("p6.requests", 2, (short) 1))).all().get();
        TopicSpec changelog = new TopicSpec("orchestrator-p6-p6-pending-changelog", TopicSpec.Kind.INTERNAL, 4, "p6.requests",
                (short) 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime"));

        // when
        new TopicProvisioner(admin, 4, (short) 1).ensure(List.of(TopicRequirement.plain("p6.requests")), List.of(changelog));

        // then it is there before any Kafka Streams instance asks, as Kafka Streams would have created it
        assertThat(admin.describeTopics(Set.of(changelog.name())).allTopicNames().get().get(changelog.name()).partitions())
                .hasSize(2).allSatisfy(p -> assertThat(p.leader()).isNotNull());
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, changelog.name());
        assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource)
                .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    @Test
    void shouldLeaveExistingTopicsAsTheyAre() throws Exception {
        admin.createTopics(List.of(new NewTopic("p2.requests", 2, (short) 1))).all().get();

        new TopicProvisioner(admin, 6, (short) 1).ensure(List.of("p2.requests"), "p2.audit");

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(
                admin.describeTopics(Set.of("p2.requests")).allTopicNames().get().get("p2.requests").partitions()).hasSize(2));
    }

    @Test
    void shouldRefuseAnAuditTopicThatIsNotCompacted() throws Exception {
        admin.createTopics(List.of(new NewTopic("p3.audit", 1, (short) 1))).all().get();

        assertThatThrownBy(() -> new TopicProvisioner(admin, 1, (short) 1).ensure(List.of(), "p3.audit"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("p3.audit").hasMessageContaining("cleanup.policy=compact");
    }

    @Test
    void shouldWaitForABrokerThatIsNotUpYetInsteadOfGivingUp() throws Exception {
        // given a worker starting while its broker is down (restarting)
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (Admin early = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000))) {
            java.util.concurrent.CompletableFuture<Void> provisioned = java.util.concurrent.CompletableFuture.runAsync(() ->
                    new TopicProvisioner(early, 1, (short) 1, Duration.ofSeconds(90)).ensure(List.of("p4.requests"), "p4.audit"));

            // when the broker comes up only after the first attempts have timed out
            Thread.sleep(4_000);
            assertThat(provisioned).as("still waiting, not failed").isNotDone();
            try (EmbeddedKafkaBroker late = EmbeddedKafkaBroker.newBuilder().port(port).build().start()) {

                // then the topics are created once it answers
                provisioned.get(90, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(early.listTopics().names().get()).contains("p4.requests", "p4.audit");
            }
        }
    }

    @Test
    void shouldGiveUpOnAnUnreachableClusterAfterItsPatienceNamingTheKey() {
        try (Admin nowhere = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 500))) {
            assertThatThrownBy(() -> new TopicProvisioner(nowhere, 1, (short) 1, Duration.ofSeconds(3)).ensure(List.of("p5.requests"), "p5.audit"))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("cannot list, create or describe topics");
        }
    }
}
