package dev.orchestrators.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.streams.FlowPlan;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.config.ClientSecurity;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kustomize base of {@code deploy/base}: its generated Strimzi resources are what the commands print now and what
 * the flows need, and its Deployment runs workers with real settings, probes and scrape annotations on their real
 * metrics port, and the secrets Strimzi creates for the user and the cluster's CA.
 */
class KubernetesManifestsTest {
    /** deploy/generate.sh's commands. */
    static final List<String> TOPICS = List.of("topics", "--format", "strimzi", "--cluster", "my-cluster", "--partitions", "6",
            "-D", "orchestrator.topic.replication.factor=3");
    static final List<String> ACLS = List.of("acls", "--format", "strimzi", "--cluster", "my-cluster", "--principal",
            "User:orchestrator-worker", "--flows",
            "lead_sync,support_triage,lead_intake,support_ticket,account_provisioning,followup_reminder,company_search");
    private static final Path BASE = DeployFiles.file("deploy/base");

    private static JsonNode deployment;
    private static JsonNode container;
    private static List<JsonNode> kafkaTopics;
    private static JsonNode kafkaUser;
    private static RunCommand worker;
    private static OrchestratorConfig config;
    private static Map<String, FlowPlan> plans;

    @BeforeAll
    static void readTheBase() {
        deployment = DeployFiles.yaml(BASE.resolve("deployment.yaml"));
        container = deployment.at("/spec/template/spec/containers/0");
        kafkaTopics = DeployFiles.yamlDocuments(DeployFiles.read(BASE.resolve("kafka-topics.yaml")));
        kafkaUser = DeployFiles.yamlDocuments(DeployFiles.read(BASE.resolve("kafka-user.yaml"))).get(0);
        worker = WorkerCommand.parse(strings(container.get("args")), workerEnvironment());
        config = worker.config();
        OrchestratorContext context = worker.options.context();
        plans = FlowPlan.of(worker.options.registry(), context, config.getString(OrchestratorConfig.AUDIT_TOPIC_CONFIG));
    }

    @Test
    void shouldCommitTheTopicsAndTheUserTheCommandsGenerateNow() {
        for (Map.Entry<String, List<String>> generated : Map.of("kafka-topics.yaml", TOPICS, "kafka-user.yaml", ACLS).entrySet()) {
            CommandRun run = CommandRun.of(generated.getValue());
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(DeployFiles.read(BASE.resolve(generated.getKey())))
                    .as("deploy/base/%s is out of date: run deploy/generate.sh", generated.getKey())
                    .isEqualTo("# Generated: bin/orchestrator " + String.join(" ", generated.getValue()) + "\n"
                            + "# Do not edit: deploy/generate.sh writes it again (KubernetesManifestsTest checks it is up to date).\n"
                            + run.out());
        }
    }

    @Test
    void shouldDeclareEveryTopicOfEveryFlowTheWorkersRunWithTheirPartitionsReplicasAndCompaction() {
        // given: what the flows' declarations need, by the rules of docs/security.md
        Map<String, Map<String, String>> expected = new LinkedHashMap<>();
        for (FlowPlan plan : plans.values()) {
            plan.inputs().forEach(topic -> expected.putIfAbsent(topic, Map.of()));
            plan.outputs().forEach(topic -> expected.putIfAbsent(topic, Map.of()));
            if (plan.shape().name().equals("SCHEDULER")) {
                expected.put(TopicNames.jobs(plan.name()), Map.of("cleanup.policy", "compact"));
            }
            for (String store : plan.stores()) {
                String changelog = TopicNames.changelog("orchestrator-" + plan.name(), store);
                expected.put(changelog, store.endsWith("-ledger")
                        ? Map.of("cleanup.policy", "compact,delete", "message.timestamp.type", "CreateTime",
                                "retention.ms", Long.toString(config.getLong(OrchestratorConfig.LEDGER_RETENTION_MS_CONFIG) + 86_400_000L))
                        : Map.of("cleanup.policy", "compact", "message.timestamp.type", "CreateTime"));
            }
        }
        expected.put(TopicNames.AUDIT, Map.of("cleanup.policy", "compact"));
        expected.put(config.getString(OrchestratorConfig.TELEMETRY_TOPIC_CONFIG), Map.of());

        // then: exactly those, each with the workers' partitions and replication
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        kafkaTopics.forEach(topic -> declared.put(StrimziFormatTest.topicName(topic), topic));
        assertThat(declared.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((name, configs) -> {
            JsonNode spec = declared.get(name).get("spec");
            assertThat(spec.get("partitions").asInt()).as(name).isEqualTo(config.getInt(OrchestratorConfig.TOPIC_PARTITIONS_CONFIG));
            assertThat(spec.get("replicas").asInt()).as(name).isEqualTo((int) config.getShort(OrchestratorConfig.TOPIC_REPLICATION_FACTOR_CONFIG));
            Map<String, String> actual = new HashMap<>();
            spec.path("config").fields().forEachRemaining(e -> actual.put(e.getKey(), e.getValue().asText()));
            assertThat(actual).as(name).isEqualTo(configs);
            assertThat(declared.get(name).at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("my-cluster");
        });
    }

    @Test
    void shouldGrantTheWorkersUserExactlyTheAclsOfTheFlowsItRunsAndNothingMore() {
        // given: what each flow's workers need, by the rules of docs/security.md
        Set<String> expected = new LinkedHashSet<>();
        for (FlowPlan plan : plans.values()) {
            String app = "orchestrator-" + plan.name();
            plan.inputs().forEach(topic -> grant(expected, "topic literal " + topic, "Read", "Describe"));
            plan.outputs().forEach(topic -> grant(expected, "topic literal " + topic, "Write", "Describe"));
            plan.topics().stream().filter(t -> t.compacted()).forEach(t -> grant(expected, "topic literal " + t.name(), "DescribeConfigs"));
            plan.stores().forEach(store -> grant(expected, "topic literal " + TopicNames.changelog(app, store), "Read", "Write", "Describe"));
            grant(expected, "group literal " + app, "Read", "Describe");
            grant(expected, "transactionalId prefix " + app + "-", "Write", "Describe");
        }
        grant(expected, "topic literal " + config.getString(OrchestratorConfig.TELEMETRY_TOPIC_CONFIG), "Write", "Describe");

        // then
        Set<String> granted = new LinkedHashSet<>();
        StrimziFormatTest.rules(kafkaUser).forEach((resource, operations) -> operations.forEach(op -> granted.add(resource + " " + op)));
        assertThat(granted).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(plans.keySet()).as("the user covers every flow the workers run").containsExactlyInAnyOrderElementsOf(
                List.of(ACLS.get(ACLS.size() - 1).split(",")));
        assertThat(kafkaUser.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
    }

    @Test
    void shouldRunTheWorkersWithRealKeysOnlyAndPasswordsFromSecrets() {
        Map<String, String> settings = EnvironmentSettings.settings(workerEnvironment());
        assertThat(settings).as("every variable names a key").isNotEmpty();
        for (JsonNode variable : container.get("env")) {
            String key = EnvironmentSettings.keyOf(variable.get("name").asText());
            ConfigDef.ConfigKey definition = OrchestratorConfig.CONFIG.configKeys().get(key);
            assertThat(variable.has("valueFrom")).as("%s: a password comes from a Secret", key)
                    .isEqualTo(definition != null && definition.type == ConfigDef.Type.PASSWORD);
        }
        assertThat(ClientSecurity.of(config).clientProperties()).as("SASL over TLS, complete")
                .containsEntry("security.protocol", "SASL_SSL").containsKey("sasl.jaas.config");
        assertThat(deployment.at("/spec/template/spec/enableServiceLinks").asBoolean(true))
                .as("no Service may inject ORCHESTRATOR_<SERVICE>_PORT variables").isFalse();
    }

    @Test
    void shouldAuthenticateAsTheKafkaUserWithTheSecretsStrimziCreates() {
        String cluster = kafkaUser.at("/metadata/labels/strimzi.io~1cluster").asText();
        String user = kafkaUser.at("/metadata/name").asText();
        assertThat(config.getString(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo(cluster + "-kafka-bootstrap:9093");
        assertThat(config.getString(OrchestratorConfig.SASL_USERNAME_CONFIG)).isEqualTo(user);
        assertThat(secretOf(EnvironmentSettings.variableOf(OrchestratorConfig.SASL_PASSWORD_CONFIG))).isEqualTo(user + "/password");
        assertThat(secretOf(EnvironmentSettings.variableOf(OrchestratorConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG)))
                .isEqualTo(cluster + "-cluster-ca-cert/ca.password");
        JsonNode caVolume = volume(cluster + "-cluster-ca-cert");
        String mountPath = mountOf(caVolume.get("name").asText());
        assertThat(config.getString(OrchestratorConfig.SSL_TRUSTSTORE_LOCATION_CONFIG))
                .isEqualTo(mountPath + "/" + caVolume.at("/secret/items/0/path").asText());
        assertThat(caVolume.at("/secret/items/0/key").asText()).isEqualTo("ca.p12");
    }

    @Test
    void shouldProbeTheHealthEndpointsAndAnnounceTheMetricsOnTheWorkersMetricsPort() {
        int port = config.getInt(OrchestratorConfig.METRICS_PORT_CONFIG);
        assertThat(port).isPositive();
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(port);
        String portName = container.at("/ports/0/name").asText();
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health/live");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(container.at("/" + probe + "/httpGet/port").asText()).as(probe).isEqualTo(portName);
        }
        JsonNode annotations = deployment.at("/spec/template/metadata/annotations");
        assertThat(annotations.get("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.get("prometheus.io/port").asText()).isEqualTo(Integer.toString(port));
        assertThat(annotations.get("prometheus.io/path").asText()).isEqualTo("/metrics");
    }

    @Test
    void shouldRequestResourcesAndKeepStateWhereTheWorkerWritesIt() {
        assertThat(container.at("/resources/requests/cpu").asText()).isNotEmpty();
        assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
        assertThat(mountOf(volumeNamed("state"))).isEqualTo(config.getString(OrchestratorConfig.STATE_DIR_CONFIG));
        assertThat(deployment.at("/spec/replicas").asInt()).as("instances beyond the partitions idle")
                .isBetween(1, config.getInt(OrchestratorConfig.TOPIC_PARTITIONS_CONFIG));
    }

    @Test
    void shouldBuildFromTheFilesItListsWithTheComposeWorkersImage() {
        JsonNode kustomization = DeployFiles.yaml(BASE.resolve("kustomization.yaml"));
        kustomization.get("resources").forEach(resource -> assertThat(BASE.resolve(resource.asText())).isRegularFile());
        JsonNode generator = kustomization.at("/configMapGenerator/0");
        generator.get("envs").forEach(env -> assertThat(BASE.resolve(env.asText())).isRegularFile());
        assertThat(container.at("/envFrom/0/configMapRef/name").asText()).isEqualTo(generator.get("name").asText());
        String image = DeployFiles.yaml(DeployFiles.file("docker-compose.yml")).at("/services/worker/image").asText();
        assertThat(container.get("image").asText()).isEqualTo(kustomization.at("/images/0/name").asText())
                .isEqualTo(image.substring(0, image.indexOf(':')));
        assertThat(kustomization.at("/images/0/newTag").asText()).isEqualTo(image.substring(image.indexOf(':') + 1));
        assertThat(Files.isExecutable(DeployFiles.file("deploy/generate.sh"))).isTrue();
    }

    /**
     * The environment a worker's container has: the image's variables, the ConfigMap's, then the Deployment's own
     * (secrets as placeholders).
     */
    private static Map<String, String> workerEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>(DeployFiles.imageEnvironment());
        environment.putAll(DeployFiles.envFile(BASE.resolve("worker.env")));
        JsonNode pod = DeployFiles.yaml(BASE.resolve("deployment.yaml")).at("/spec/template/spec/containers/0");
        for (JsonNode variable : pod.path("env")) {
            environment.put(variable.get("name").asText(), variable.has("value") ? variable.get("value").asText()
                    : "from-secret-" + variable.at("/valueFrom/secretKeyRef/name").asText());
        }
        return environment;
    }

    private static String secretOf(String variable) {
        for (JsonNode env : container.get("env")) {
            if (env.get("name").asText().equals(variable)) {
                return env.at("/valueFrom/secretKeyRef/name").asText() + "/" + env.at("/valueFrom/secretKeyRef/key").asText();
            }
        }
        throw new AssertionError("no variable " + variable);
    }

    private static JsonNode volume(String secret) {
        for (JsonNode volume : deployment.at("/spec/template/spec/volumes")) {
            if (secret.equals(volume.at("/secret/secretName").asText())) {
                return volume;
            }
        }
        throw new AssertionError("no volume of Secret " + secret);
    }

    private static String volumeNamed(String name) {
        for (JsonNode volume : deployment.at("/spec/template/spec/volumes")) {
            if (name.equals(volume.get("name").asText())) {
                return name;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static String mountOf(String volume) {
        for (JsonNode mount : container.get("volumeMounts")) {
            if (volume.equals(mount.get("name").asText())) {
                return mount.get("mountPath").asText();
            }
        }
        throw new AssertionError("volume " + volume + " is not mounted");
    }

    private static void grant(Set<String> grants, String resource, String... operations) {
        for (String operation : operations) {
            grants.add(resource + " " + operation);
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }
}
