package dev.orchestrators.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrators.streams.serde.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code orchestrator topics --format strimzi} and {@code acls --format strimzi}: the flows' topics and ACLs as Strimzi resources. */
class StrimziFormatTest {
    private static final Pattern KUBERNETES_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    @Test
    void shouldDeclareEveryTopicOfAFlowAsAKafkaTopicOfTheNamedCluster() throws Exception {
        // when
        CommandRun run = CommandRun.of("topics", "--flow", "account_provisioning", "--format", "strimzi", "--cluster", "my-cluster",
                "--namespace", "kafka", "--partitions", "6", "-D", "orchestrator.topic.replication.factor=3");
        CommandRun text = CommandRun.of("topics", "--flow", "account_provisioning", "--format", "json");

        // then: one resource per topic the plan lists, changelogs included
        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> topics = DeployFiles.yamlDocuments(run.out());
        assertThat(topics.stream().map(StrimziFormatTest::topicName))
                .containsExactlyElementsOf(Json.mapper().readTree(text.out()).findValuesAsText("name"));
        assertThat(topics).allSatisfy(topic -> {
            assertThat(topic.get("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
            assertThat(topic.get("kind").asText()).isEqualTo("KafkaTopic");
            assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("my-cluster");
            assertThat(topic.at("/metadata/namespace").asText()).isEqualTo("kafka");
            assertThat(topic.at("/metadata/name").asText()).matches(KUBERNETES_NAME);
            assertThat(topic.at("/spec/partitions").asInt()).as("co-partitioned topics and changelogs resolved").isEqualTo(6);
            assertThat(topic.at("/spec/replicas").asInt()).isEqualTo(3);
        });
        assertThat(spec(topics, "account_provisioning.compensations").has("config")).isFalse();
        assertThat(spec(topics, "orchestrator.audit").at("/config/cleanup.policy").asText()).isEqualTo("compact");
        JsonNode ledger = spec(topics, "orchestrator-account_provisioning-account_provisioning-ledger-changelog");
        assertThat(ledger.at("/config/cleanup.policy").asText()).isEqualTo("compact,delete");
        assertThat(ledger.at("/config/retention.ms").asText()).isEqualTo("691200000");
    }

    @Test
    void shouldNameTopicsThatAreNoValidKubernetesNamesDistinctlyAndKeepTheirNameInTheSpec() {
        assertThat(StrimziResources.resourceName("orchestrator.audit")).isEqualTo("orchestrator.audit");
        assertThat(StrimziResources.resourceName("lead_sync.requests")).matches(KUBERNETES_NAME).startsWith("lead-sync.requests-")
                .isNotEqualTo(StrimziResources.resourceName("lead-sync.requests"))
                .isNotEqualTo(StrimziResources.resourceName("Lead_Sync.requests"));
        assertThat(StrimziResources.resourceName("_x_")).matches(KUBERNETES_NAME);
        assertThat(StrimziResources.resourceName("t".repeat(300) + "_")).hasSizeLessThanOrEqualTo(253).matches(KUBERNETES_NAME);
    }

    @Test
    void shouldGrantTheAclsOfTheFlowsToOneKafkaUserWithEachResourcesOperationsInOneRule() {
        // when
        CommandRun run = CommandRun.of("acls", "--flow", "lead_sync", "--principal", "User:lead-worker", "--format", "strimzi",
                "--cluster", "my-cluster");
        CommandRun text = CommandRun.of("acls", "--flow", "lead_sync", "--principal", "User:lead-worker");

        // then
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode user = DeployFiles.yamlDocuments(run.out()).get(0);
        assertThat(user.get("kind").asText()).isEqualTo("KafkaUser");
        assertThat(user.at("/metadata/name").asText()).isEqualTo("lead-worker");
        assertThat(user.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("my-cluster");
        assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
        assertThat(user.at("/spec/authorization/type").asText()).isEqualTo("simple");
        Map<String, List<String>> rules = rules(user);
        assertThat(rules).containsEntry("topic literal lead_sync.requests", List.of("Read", "Describe"))
                .containsEntry("topic literal orchestrator.audit", List.of("Write", "Describe", "DescribeConfigs"))
                .containsEntry("group literal orchestrator-lead_sync", List.of("Read", "Describe"))
                .containsEntry("transactionalId prefix orchestrator-lead_sync-", List.of("Write", "Describe"));
        assertThat(rules.values().stream().mapToInt(List::size).sum()).as("every ACL of the text format, once")
                .isEqualTo((int) text.out().lines().filter(line -> line.startsWith("ALLOW ")).count());
        assertThat(toList(user.at("/spec/authorization/acls"))).allSatisfy(rule -> {
            assertThat(rule.get("host").asText()).isEqualTo("*");
            assertThat(rule.get("type").asText()).isEqualTo("allow");
        });
    }

    @Test
    void shouldPrintJsonWithFormatJsonAsWithJson() {
        assertThat(CommandRun.of("acls", "--flow", "lead_sync", "--principal", "User:x", "--format", "json").out())
                .isEqualTo(CommandRun.of("acls", "--flow", "lead_sync", "--principal", "User:x", "--json").out());
    }

    @Test
    void shouldRefuseStrimziOutputItCannotMakeRight() {
        assertThat(CommandRun.of("topics", "--format", "strimzi").exit()).as("no cluster").isNotZero();
        assertThat(CommandRun.of("topics", "--format", "strimzi", "--cluster", "c", "--apply").exit()).isEqualTo(2);
        assertThat(CommandRun.of("topics", "--format", "strimzi", "--cluster", "My_Cluster").exit()).isNotZero();
        assertThat(CommandRun.of("acls", "--flow", "lead_sync", "--principal", "User:Lead_Worker", "--format", "strimzi",
                "--cluster", "c").exit()).as("no valid KafkaUser name").isNotZero();
        assertThat(CommandRun.of("acls", "--flow", "lead_sync", "--principal", "Group:x", "--format", "strimzi", "--cluster", "c")
                .exit()).isNotZero();
        assertThat(CommandRun.of("acls", "--flow", "lead_sync", "--principal", "User:x", "--format", "strimzi", "--cluster", "c",
                "--apply").exit()).isEqualTo(2);
        assertThat(CommandRun.of("acls", "--flow", "lead_sync", "--principal", "User:x", "--format", "yaml").exit()).isEqualTo(2);
    }

    /** {@code <type> <patternType> <name>} of each ACL rule, with its operations. */
    static Map<String, List<String>> rules(JsonNode user) {
        return toList(user.at("/spec/authorization/acls")).stream().collect(Collectors.toMap(
                rule -> rule.at("/resource/type").asText() + " " + rule.at("/resource/patternType").asText() + " "
                        + rule.at("/resource/name").asText(),
                rule -> toList(rule.get("operations")).stream().map(JsonNode::asText).toList()));
    }

    static String topicName(JsonNode topic) {
        JsonNode name = topic.at("/spec/topicName");
        return name.isMissingNode() ? topic.at("/metadata/name").asText() : name.asText();
    }

    private static JsonNode spec(List<JsonNode> topics, String name) {
        return topics.stream().filter(t -> topicName(t).equals(name)).findFirst().orElseThrow().get("spec");
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
