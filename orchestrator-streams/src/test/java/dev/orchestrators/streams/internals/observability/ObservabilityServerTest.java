package dev.orchestrators.streams.internals.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.streams.RuntimeHealth.FlowHealth;
import dev.orchestrators.streams.RuntimeHealth;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runtime's HTTP endpoint: the registry in the Prometheus text format, liveness and readiness as status and JSON. */
class ObservabilityServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<RuntimeHealth> health = new AtomicReference<>(RuntimeHealth.of(Map.of()));
    private ObservabilityServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeEveryMeterInThePrometheusTextFormat() throws Exception {
        // given
        registry.counter("orchestrator.envelopes", "flow", "lead_sync", "status", "OK").increment(3);
        server = ObservabilityServer.start(0, registry, health::get);

        // when
        HttpResponse<String> metrics = get("/metrics", null);

        // then
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).contains("orchestrator_envelopes_total{flow=\"lead_sync\",status=\"OK\"} 3.0");
    }

    @Test
    void shouldServeOpenMetricsToAScraperThatAsksForIt() throws Exception {
        // given
        registry.counter("orchestrator.envelopes", "flow", "lead_sync", "status", "OK").increment();
        server = ObservabilityServer.start(0, registry, health::get);

        // when: what Prometheus sends
        HttpResponse<String> metrics = get("/metrics",
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,"
                        + "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.2,*/*;q=0.1");

        // then
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/openmetrics-text"));
        assertThat(metrics.body()).contains("orchestrator_envelopes_total{flow=\"lead_sync\",status=\"OK\"} 1.0").endsWith("# EOF\n");
    }

    @Test
    void shouldAnswerReadinessWith503UntilEveryFlowIsReadyAndNameEachFlowsState() throws Exception {
        // given
        health.set(RuntimeHealth.of(Map.of("lead_sync", FlowHealth.of(State.REBALANCING, false))));
        server = ObservabilityServer.start(0, registry, health::get);

        // when
        HttpResponse<String> starting = get("/health/ready", null);
        health.set(RuntimeHealth.of(Map.of("lead_sync", FlowHealth.of(State.RUNNING, true))));
        HttpResponse<String> running = get("/health/ready", null);

        // then
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.body()).isEqualTo("{\"status\":\"DOWN\",\"flows\":{\"lead_sync\":{\"state\":\"REBALANCING\",\"live\":true,\"ready\":false}}}");
        assertThat(running.statusCode()).isEqualTo(200);
        assertThat(running.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(running.body()).isEqualTo("{\"status\":\"UP\",\"flows\":{\"lead_sync\":{\"state\":\"RUNNING\",\"live\":true,\"ready\":true}}}");
    }

    @Test
    void shouldAnswerLivenessWith503OnceAFlowHasFailed() throws Exception {
        // given
        health.set(RuntimeHealth.of(Map.of("lead_sync", FlowHealth.of(State.REBALANCING, false))));
        server = ObservabilityServer.start(0, registry, health::get);

        // when
        HttpResponse<String> starting = get("/health/live", null);
        health.set(RuntimeHealth.of(Map.of("lead_sync", FlowHealth.of(State.ERROR, true))));
        HttpResponse<String> failed = get("/health/live", null);

        // then
        assertThat(starting.statusCode()).isEqualTo(200);
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.body()).contains("\"state\":\"ERROR\"");
    }

    @Test
    void shouldServeThePrometheusRegistryInsideAComposite() throws Exception {
        // given
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(new SimpleMeterRegistry());
        composite.add(registry);
        composite.counter("orchestrator.envelopes", "flow", "f", "status", "OK").increment();
        server = ObservabilityServer.start(0, composite, health::get);

        // when
        HttpResponse<String> metrics = get("/metrics", null);

        // then
        assertThat(metrics.body()).contains("orchestrator_envelopes_total{flow=\"f\",status=\"OK\"} 1.0");
    }

    @Test
    void shouldRefuseARegistryItCannotScrapeNamingTheKey() {
        assertThatThrownBy(() -> ObservabilityServer.start(0, new SimpleMeterRegistry(), health::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("orchestrator.metrics.port")
                .hasMessageContaining("PrometheusMeterRegistry");
    }
}
