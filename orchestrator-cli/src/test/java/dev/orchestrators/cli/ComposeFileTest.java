package dev.orchestrators.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, read without Docker: every file it (and the Dockerfile, Prometheus' and Grafana's configuration)
 * names exists, every image is pinned and matches the versions the project builds and tests with, every broker and
 * worker setting is a real key, and every port one service uses of another is the port that service listens on.
 */
class ComposeFileTest {
    /** The ports the third-party images listen on by default (their documentation's), as the compose file relies on. */
    private static final Map<String, Integer> IMAGE_PORTS = Map.of("prom/prometheus", 9090, "grafana/grafana", 3000,
            "apicurio/apicurio-registry", 8080);
    private static final Pattern LISTENER = Pattern.compile("([A-Z_]+)://([^:,]*):(\\d+)");
    /**
     * Modules the reactor reads but the image does not build: bench and chaos, the test kit, the BOM and the example's
     * build check. The runnable jar needs none of them; only their poms are copied.
     */
    private static final java.util.Set<String> NOT_IN_IMAGE = java.util.Set.of("orchestrator-harness", "orchestrator-testkit",
            "orchestrator-bom", "orchestrator-examples-it");

    private static JsonNode services;
    private static JsonNode worker;
    private static OrchestratorConfig workerConfig;

    @BeforeAll
    static void readTheComposeFile() {
        services = DeployFiles.yaml(DeployFiles.file("docker-compose.yml")).get("services");
        worker = services.get("worker");
        workerConfig = WorkerCommand.parse(DeployFiles.composeWorkerCommand(), DeployFiles.composeWorkerEnvironment()).config();
    }

    @Test
    void shouldRunAThreeNodeKraftClusterOfTheApacheKafkaImageOfTheProjectsKafkaVersion() {
        List<String> brokers = kafkaServices();
        assertThat(brokers).hasSize(3);
        Set<String> clusterIds = new HashSet<>();
        Set<String> nodeIds = new HashSet<>();
        for (String name : brokers) {
            JsonNode broker = services.get(name);
            assertThat(broker.get("image").asText()).isEqualTo("apache/kafka:" + DeployFiles.pomProperty("kafka.version"));
            Properties props = brokerProperties(broker);
            KafkaConfig config = new KafkaConfig(props, false); // validates listeners, roles, quorum, replication
            assertThat(config.nodeId()).isPositive();
            nodeIds.add(props.getProperty("node.id"));
            clusterIds.add(broker.at("/environment/CLUSTER_ID").asText());
            for (String voter : props.getProperty("controller.quorum.voters").split(",")) {
                String hostPort = voter.substring(voter.indexOf('@') + 1);
                String host = hostPort.substring(0, hostPort.indexOf(':'));
                assertThat(brokers).as("voter %s is a broker of this file", voter).contains(host);
                assertThat(listenerPorts(brokerProperties(services.get(host)), "CONTROLLER"))
                        .contains(Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1)));
            }
            assertThat(props.getProperty("transaction.state.log.replication.factor")).as("exactly_once_v2 on three brokers").isEqualTo("3");
        }
        assertThat(clusterIds).as("one cluster").hasSize(1);
        assertThat(nodeIds).as("distinct node ids").hasSize(3);
    }

    @Test
    void shouldAdvertiseEachBrokerToTheWorkersByItsNameAndToTheHostOnThePortItPublishes() {
        for (String name : kafkaServices()) {
            Properties props = brokerProperties(services.get(name));
            Matcher advertised = LISTENER.matcher(props.getProperty("advertised.listeners"));
            while (advertised.find()) {
                int listening = listenerPorts(props, advertised.group(1)).get(0);
                if (advertised.group(2).equals("localhost")) {
                    assertThat(ports(services.get(name))).as(name).containsEntry(Integer.parseInt(advertised.group(3)), listening);
                } else {
                    assertThat(advertised.group(2)).isEqualTo(name);
                    assertThat(Integer.parseInt(advertised.group(3))).isEqualTo(listening);
                }
            }
        }
    }

    @Test
    void shouldBuildTheWorkersFromTheDockerfileAndConnectThemToTheBrokersInternalListeners() {
        Path context = DeployFiles.file(worker.at("/build/context").asText());
        assertThat(context.resolve(worker.at("/build/dockerfile").asText())).isRegularFile().isEqualTo(DeployFiles.file("Dockerfile"));
        worker.get("env_file").forEach(file -> assertThat(DeployFiles.file(file.asText())).isRegularFile());
        assertThat(EnvironmentSettings.settings(DeployFiles.composeWorkerEnvironment())).as("every variable names a key (else parsing failed)").isNotEmpty();
        for (String server : workerConfig.getString(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG).split(",")) {
            String host = server.substring(0, server.indexOf(':'));
            assertThat(kafkaServices()).contains(host);
            assertThat(advertisedPort(brokerProperties(services.get(host)), host)).isEqualTo(server.substring(server.indexOf(':') + 1));
        }
        assertThat(worker.at("/depends_on").fieldNames()).toIterable().containsAll(kafkaServices());
        assertThat(worker.at("/deploy/replicas").asInt()).as("instances beyond the partitions idle")
                .isBetween(1, workerConfig.getInt(OrchestratorConfig.TOPIC_PARTITIONS_CONFIG));
        assertThat(workerConfig.getShort(OrchestratorConfig.TOPIC_REPLICATION_FACTOR_CONFIG)).isEqualTo((short) kafkaServices().size());
    }

    @Test
    void shouldPointTheWorkersAtTheRegistrysConfluentCompatibleApi() {
        URI registry = URI.create(workerConfig.getString(OrchestratorConfig.SCHEMA_REGISTRY_URL_CONFIG));
        JsonNode service = services.get(registry.getHost());
        assertThat(service).as("the registry is a service of this file").isNotNull();
        assertThat(service.get("image").asText()).isEqualTo("apicurio/apicurio-registry:" + DeployFiles.pomProperty("apicurio.registry.version"))
                .startsWith("apicurio/apicurio-registry:3.");
        assertThat(registry.getPort()).isEqualTo(listeningPort(service));
        assertThat(registry.getPath()).isEqualTo("/apis/ccompat/v7");
    }

    @Test
    void shouldScrapeEveryWorkerOnTheMetricsPortItServes() {
        int metricsPort = workerConfig.getInt(OrchestratorConfig.METRICS_PORT_CONFIG);
        assertThat(metricsPort).isPositive();
        JsonNode prometheus = services.get("prometheus");
        JsonNode scrape = DeployFiles.yaml(mountedFile(prometheus, "/etc/prometheus/prometheus.yml")).at("/scrape_configs/0");
        assertThat(scrape.get("metrics_path").asText()).isEqualTo("/metrics");
        JsonNode discovery = scrape.at("/dns_sd_configs/0");
        assertThat(KubernetesManifestsTest.strings(discovery.get("names"))).containsExactly("worker");
        assertThat(discovery.get("port").asInt()).isEqualTo(metricsPort);
        assertThat(DeployFiles.dockerfile()).as("the image exposes it")
                .anySatisfy(i -> assertThat(i.keyword() + " " + i.arguments()).isEqualTo("EXPOSE " + metricsPort));
    }

    @Test
    void shouldProvisionGrafanaWithPrometheusAsDataSourceAndTheWorkersDashboard() {
        JsonNode grafana = services.get("grafana");
        Path provisioning = mountedFile(grafana, "/etc/grafana/provisioning");
        JsonNode dataSource = DeployFiles.yaml(provisioning.resolve("datasources/prometheus.yml")).at("/datasources/0");
        URI url = URI.create(dataSource.get("url").asText());
        assertThat(services.get(url.getHost())).isEqualTo(services.get("prometheus"));
        assertThat(url.getPort()).isEqualTo(listeningPort(services.get("prometheus")));
        JsonNode provider = DeployFiles.yaml(provisioning.resolve("dashboards/orchestrator.yml")).at("/providers/0");
        Path dashboards = mountedFile(grafana, provider.at("/options/path").asText());
        JsonNode dashboard = DeployFiles.json(dashboards.resolve("orchestrator-dashboard.json"));
        assertThat(dashboard.findValues("datasource")).isNotEmpty().allSatisfy(source ->
                assertThat(source.get("uid").asText()).isEqualTo(dataSource.get("uid").asText()));
        assertThat(DeployFiles.queries(dashboard)).hasSizeGreaterThan(15).allSatisfy(query ->
                assertThat(DeployFiles.metricNames(query)).as(query).isNotEmpty());
    }

    @Test
    void shouldNameOnlyFilesOfTheRepositoryThatExist() {
        services.fields().forEachRemaining(entry -> {
            JsonNode service = entry.getValue();
            service.path("env_file").forEach(file -> assertThat(DeployFiles.file(file.asText())).as(entry.getKey()).isRegularFile());
            service.path("volumes").forEach(volume -> {
                String source = volume.asText().split(":")[0];
                assertThat(source).as("%s mounts a file of the repository", entry.getKey()).startsWith("./");
                assertThat(DeployFiles.file(source)).as("%s mounts %s", entry.getKey(), source).exists();
            });
            if (service.has("build")) {
                assertThat(DeployFiles.file(service.at("/build/context").asText()).resolve(service.at("/build/dockerfile").asText()))
                        .as(entry.getKey()).isRegularFile();
            }
        });
    }

    @Test
    void shouldCheckEachBrokersHealthOnItsOwnInternalListener() {
        for (String name : kafkaServices()) {
            String test = String.join(" ", KubernetesManifestsTest.strings(services.get(name).at("/healthcheck/test")));
            Matcher server = Pattern.compile("--bootstrap-server ([\\w-]+):(\\d+)").matcher(test);
            assertThat(server.find()).as("%s: %s", name, test).isTrue();
            assertThat(server.group(1)).isEqualTo(name);
            assertThat(server.group(2)).isEqualTo(advertisedPort(brokerProperties(services.get(name)), name));
        }
    }

    @Test
    void shouldPinEveryImageAndPublishOnlyPortsItsServiceListensOn() {
        services.fields().forEachRemaining(entry -> {
            String image = entry.getValue().path("image").asText();
            assertThat(image).as(entry.getKey()).matches("[a-z0-9./-]+:[\\w.-]+").doesNotEndWith(":latest");
            String repository = image.substring(0, image.indexOf(':'));
            if (IMAGE_PORTS.containsKey(repository)) {
                assertThat(ports(entry.getValue()).values()).as(entry.getKey()).containsOnly(IMAGE_PORTS.get(repository));
            }
        });
    }

    @Test
    void shouldBuildTheImageFromTheRepositorysSourcesIntoTheJarTheBuildMakes() {
        List<DeployFiles.Instruction> instructions = DeployFiles.dockerfile();
        String release = DeployFiles.pomProperty("maven.compiler.release");
        assertThat(instructions).filteredOn(i -> i.keyword().equals("FROM")).as("built and run on the Java release the build targets")
                .hasSize(2).allSatisfy(from -> assertThat(from.arguments()).containsPattern("temurin[-:]" + release + "\\b"));
        List<String> copied = new ArrayList<>();
        for (DeployFiles.Instruction copy : instructions) {
            if (copy.keyword().equals("COPY") && !copy.arguments().startsWith("--from")) {
                String[] words = copy.arguments().split("\\s+");
                for (int i = 0; i < words.length - 1; i++) {
                    assertThat(DeployFiles.file(words[i])).as("COPY %s", words[i]).exists();
                    copied.add(words[i]);
                }
            }
        }
        assertThat(copied).contains("pom.xml", "schemas").contains(modules().stream().map(m -> m + "/pom.xml").toArray(String[]::new))
                .contains(modules().stream().filter(m -> !NOT_IN_IMAGE.contains(m)).map(m -> m + "/src").toArray(String[]::new))
                .as("the image has no bench, no chaos and no test kit")
                .doesNotContain(NOT_IN_IMAGE.stream().map(m -> m + "/src").toArray(String[]::new));
        String jar = "orchestrator-cli/target/orchestrator-cli-" + DeployFiles.pomElement("pom.xml", "project", "version") + "-"
                + DeployFiles.pomTag("orchestrator-cli/pom.xml", "shadedClassifierName") + ".jar";
        DeployFiles.Instruction copyJar = instructions.stream()
                .filter(i -> (i.keyword() + " " + i.arguments()).startsWith("COPY --from=build /src/" + jar + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("the image copies no " + jar));
        String installed = copyJar.arguments().substring(copyJar.arguments().lastIndexOf(' ') + 1);
        assertThat(instructions).filteredOn(i -> i.keyword().equals("ENTRYPOINT")).singleElement()
                .satisfies(entrypoint -> assertThat(entrypoint.arguments()).as("runs the jar it copied")
                        .contains("\"-jar\", \"" + installed + "\""));
        assertThat(EnvironmentSettings.settings(DeployFiles.imageEnvironment())).containsKey(OrchestratorConfig.STATE_DIR_CONFIG);
        DeployFiles.Instruction cmd = instructions.get(instructions.size() - 1);
        assertThat(cmd.keyword() + " " + cmd.arguments()).isEqualTo("CMD [\"run\"]");
    }

    private static List<String> modules() {
        List<String> modules = new ArrayList<>();
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(DeployFiles.read(DeployFiles.file("pom.xml")));
        while (module.find()) {
            modules.add(module.group(1));
        }
        return modules;
    }

    private static List<String> kafkaServices() {
        List<String> names = new ArrayList<>();
        services.fields().forEachRemaining(e -> {
            if (e.getValue().path("image").asText().startsWith("apache/kafka:")) {
                names.add(e.getKey());
            }
        });
        return names;
    }

    /**
     * The broker settings the apache/kafka image writes from a service's {@code KAFKA_} variables ({@code _} is '.',
     * {@code __} '_', {@code ___} '-'), each checked to be a real broker setting.
     */
    private static Properties brokerProperties(JsonNode broker) {
        Properties props = new Properties();
        broker.get("environment").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("KAFKA_")) {
                String key = e.getKey().substring("KAFKA_".length()).replace("___", "-").replace("__", "\u0000").replace('_', '.')
                        .replace('\u0000', '_').toLowerCase(Locale.ROOT);
                assertThat(KafkaConfig.configType(key).isDefined()).as("%s sets broker setting %s", e.getKey(), key).isTrue();
                props.put(key, e.getValue().asText());
            }
        });
        return props;
    }

    /** The ports {@code listener} listens on. */
    private static List<Integer> listenerPorts(Properties props, String listener) {
        List<Integer> ports = new ArrayList<>();
        Matcher matcher = Pattern.compile(listener + "://[^:,]*:(\\d+)").matcher(props.getProperty("listeners"));
        while (matcher.find()) {
            ports.add(Integer.parseInt(matcher.group(1)));
        }
        return ports;
    }

    private static String advertisedPort(Properties props, String host) {
        Matcher matcher = Pattern.compile("://" + Pattern.quote(host) + ":(\\d+)").matcher(props.getProperty("advertised.listeners"));
        assertThat(matcher.find()).as("a listener advertised as %s", host).isTrue();
        return matcher.group(1);
    }

    /** A service's published ports: host port to container port. */
    private static Map<Integer, Integer> ports(JsonNode service) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        service.path("ports").forEach(port -> {
            String[] parts = port.asText().split(":");
            ports.put(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        });
        return ports;
    }

    private static int listeningPort(JsonNode service) {
        String image = service.get("image").asText();
        return IMAGE_PORTS.get(image.substring(0, image.indexOf(':')));
    }

    /** The file or directory of the repository a service mounts at {@code target}. */
    private static Path mountedFile(JsonNode service, String target) {
        for (JsonNode volume : service.get("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[1].equals(target)) {
                Path source = DeployFiles.file(parts[0]);
                assertThat(source).exists();
                return source;
            }
        }
        throw new AssertionError("nothing is mounted at " + target);
    }
}
