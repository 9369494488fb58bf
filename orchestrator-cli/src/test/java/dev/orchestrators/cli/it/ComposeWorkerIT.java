package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrators.cli.DeployFiles;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.samples.SampleFlows;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker of docker-compose.yml without Docker: {@code orchestrator run} started with the compose worker's command and
 * its container's environment (the Dockerfile's variables, then deploy/compose/worker.env), only the cluster-bound
 * settings replaced by options, which win over the environment (this test's single broker, replication 1, a free
 * metrics port, its own state directory). Its health endpoints answer for every flow it runs, and once requests of
 * every reference flow have run (with transient tool faults, a failing payload, a compensating saga and a malformed
 * record), its {@code /metrics} serves every meter the Grafana dashboard queries, with every label the queries group
 * or filter by.
 */
@Timeout(240)
class ComposeWorkerIT {
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** Labels Prometheus adds to every scraped sample (its target's). */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final KafkaBroker broker = new KafkaBroker();

    private static WorkerProcess worker;
    private static int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startAWorkerAsComposeDoes() throws Exception {
        Path workDir = Files.createDirectories(Path.of("target", "it-workers", "compose").toAbsolutePath());
        List<String> command = DeployFiles.composeWorkerCommand();
        assertThat(command).as("the compose worker's command").first().isEqualTo("run");
        List<String> arguments = new ArrayList<>(command.subList(1, command.size()));
        arguments.addAll(List.of(
                "--bootstrap-servers", broker.bootstrapServers(),
                "--metrics-port", "0",
                "-D", "orchestrator.topic.replication.factor=1",
                "-D", "state.dir=" + Files.createTempDirectory(workDir, "state-"),
                "-D", "orchestrator.application.id.prefix=compose-" + UUID.randomUUID() + "-",
                // every run sampled, and tools failing now and then, so every meter the dashboard shows has samples
                "-D", "orchestrator.sample.rate=1.0",
                "-D", "samples.faults.transient=0.3",
                "-D", "samples.faults.seed=11"));
        worker = WorkerProcess.start(arguments, DeployFiles.composeWorkerEnvironment(), workDir.resolve("worker.log"));
        port = Workers.awaitMetricsPort(worker, STARTUP);
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void shouldAnswerTheProbesOfTheDeploymentLiveAndReadyForEveryReferenceFlow() throws Exception {
        // given: the flows the compose worker runs (every flow found: the reference flows)
        Set<String> flows = new TreeSet<>();
        SampleFlows.all(SampleEnvironment.immediate()).stream().map(Flow::name).forEach(flows::add);

        // when: it has joined the cluster
        eventually(PATIENCE).until(() -> get("/health/ready").statusCode() == 200);

        // then: the readiness and liveness probes' endpoints say so, flow by flow
        for (String probe : List.of("/health/ready", "/health/live")) {
            HttpResponse<String> answer = get(probe);
            assertThat(answer.statusCode()).as(probe).isEqualTo(200);
            JsonNode health = JSON.readTree(answer.body());
            assertThat(health.get("status").asText()).as(probe).isEqualTo("UP");
            Set<String> reported = new TreeSet<>();
            health.get("flows").fieldNames().forEachRemaining(reported::add);
            assertThat(reported).as(probe).isEqualTo(flows);
            flows.forEach(flow -> assertThat(health.at("/flows/" + flow + "/ready").asBoolean()).as("%s ready", flow).isTrue());
        }
    }

    @Test
    void shouldServeEveryMeterAndLabelTheDashboardQueries() throws Exception {
        // given: the compose worker is ready
        eventually(PATIENCE).until(() -> get("/health/ready").statusCode() == 200);

        // when: requests of every flow run, some failing
        publishRequestsOfEveryFlow();

        // then: every metric the dashboard reads is served, with the labels it uses
        JsonNode dashboard = DeployFiles.json(DeployFiles.file("deploy/grafana/orchestrator-dashboard.json"));
        List<String> queries = DeployFiles.queries(dashboard);
        Set<String> wanted = new TreeSet<>();
        queries.forEach(query -> wanted.addAll(DeployFiles.metricNames(query)));
        assertThat(wanted).as("the queries read metrics").contains("orchestrator_runs_seconds_count", "orchestrator_failures_total",
                "orchestrator_tool_retries_total", "kafka_stream_alive_stream_threads");
        try {
            Scrape scrape = eventually(PATIENCE).until(() -> Scrape.of(get("/metrics").body()),
                    served -> served.names().containsAll(wanted));
            Map<String, Set<String>> missingLabels = new TreeMap<>();
            for (String query : queries) {
                Set<String> labels = new TreeSet<>(TARGET_LABELS);
                DeployFiles.metricNames(query).forEach(metric -> labels.addAll(scrape.labelsOf(metric)));
                Set<String> missing = new TreeSet<>(DeployFiles.labelNames(query));
                missing.removeAll(labels);
                if (!missing.isEmpty()) {
                    missingLabels.put(query, missing);
                }
            }
            assertThat(missingLabels).as("labels the queries use that their metrics do not have").isEmpty();
        } catch (AssertionError | RuntimeException e) {
            Set<String> missing = new TreeSet<>(wanted);
            missing.removeAll(Scrape.of(get("/metrics").body()).names());
            throw new AssertionError(e.getMessage() + "\nmetrics the dashboard reads that the worker does not serve: " + missing
                    + "\nworker log:" + Workers.logs(worker), e);
        }
    }

    private static void publishRequestsOfEveryFlow() {
        String bootstrap = broker.bootstrapServers();
        try (Requests leads = Requests.to(bootstrap, "lead_sync")) {
            for (int i = 0; i < 10; i++) {
                leads.publish("L-" + i, Requests.leadSync("compose-lead-" + i, "L-" + i));
            }
            leads.publish("L-bad", "{\"run_id\":\"compose-invalid\",\"payload\":{\"no_lead_id\":true}}");
            leads.publish("broken", "{not json");
        }
        publish(bootstrap, "company_search", "acme", "{\"payload\":{\"query\":\"acme outage\"}}");
        publish(bootstrap, "account_provisioning", "A-9", "{\"payload\":{\"account_id\":\"A-9\",\"email\":\"a9@acme.example\","
                + "\"plan\":\"legacy\"}}");
        publish(bootstrap, "support_triage", "ada@acme.example", "{\"payload\":{\"from\":\"ada@acme.example\",\"subject\":\"Pricing\","
                + "\"body\":\"a quote?\"}}");
        publish(bootstrap, "followup_reminder", "L-7", "{\"payload\":{\"delay\":\"PT1S\",\"key\":\"L-7\",\"job\":{\"lead_id\":\"L-7\"}}}");
    }

    private static void publish(String bootstrap, String flow, String key, String json) {
        try (Requests requests = Requests.to(bootstrap, flow)) {
            requests.publish(key, json);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
