package dev.orchestrators.streams.internals.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.streams.RuntimeHealth;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.serde.Json;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's small HTTP server ({@code orchestrator.metrics.port}), on the JDK's {@link HttpServer} and one
 * daemon thread:
 * <ul>
 *   <li>{@code GET /metrics}: every meter of the registry in the Prometheus text format (OpenMetrics when the
 *       scraper asks for it);</li>
 *   <li>{@code GET /health/live} and {@code GET /health/ready}: 200 or 503 with a JSON body naming each flow's
 *       Kafka Streams state (see {@link RuntimeHealth}).</li>
 * </ul>
 * The only class of the runtime that uses {@code micrometer-registry-prometheus} (an optional dependency): it is
 * loaded only when the endpoint is on. Thread-safe.
 */
public final class ObservabilityServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObservabilityServer.class);
    private static final String JSON = "application/json; charset=utf-8";
    /** The exposition formats served (the Prometheus client's own names for them). */
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPEN_METRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private ObservabilityServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** A new registry the server can scrape. */
    public static MeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /**
     * Serves {@code meters} (a {@code PrometheusMeterRegistry}, or a composite holding one) and {@code health} on
     * {@code port} (0: any free port) of every interface.
     *
     * @throws ConfigurationException when {@code meters} cannot be scraped or the port cannot be bound
     */
    public static ObservabilityServer start(int port, MeterRegistry meters, Supplier<RuntimeHealth> health) {
        PrometheusMeterRegistry prometheus = prometheusIn(meters);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new ConfigurationException(OrchestratorConfig.METRICS_PORT_CONFIG + "=" + port + ": cannot listen: " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "orchestrator-metrics-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> respond(exchange, () -> scrape(prometheus, exchange)));
        server.createContext("/health/live", exchange -> respond(exchange, () -> healthReply(health.get(), true)));
        server.createContext("/health/ready", exchange -> respond(exchange, () -> healthReply(health.get(), false)));
        server.start();
        return new ObservabilityServer(server, executor);
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static PrometheusMeterRegistry prometheusIn(MeterRegistry meters) {
        if (meters instanceof PrometheusMeterRegistry prometheus) {
            return prometheus;
        }
        if (meters instanceof CompositeMeterRegistry composite) {
            for (MeterRegistry registry : composite.getRegistries()) {
                if (registry instanceof PrometheusMeterRegistry prometheus) {
                    return prometheus;
                }
            }
        }
        throw new ConfigurationException(OrchestratorConfig.METRICS_PORT_CONFIG + " serves a PrometheusMeterRegistry, but the runtime's "
                + "registry is a " + meters.getClass().getSimpleName() + ": start the runtime with a PrometheusMeterRegistry "
                + "(or a CompositeMeterRegistry holding one), or without a registry of your own");
    }

    private static Reply scrape(PrometheusMeterRegistry registry, HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        // Only the text formats: the protobuf one is left out of the class path, and a scraper asking for it accepts text too.
        String contentType = accept != null && accept.contains("application/openmetrics-text")
                ? OPEN_METRICS_TEXT : PROMETHEUS_TEXT;
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
        try {
            registry.scrape(body, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Reply(200, contentType, body.toByteArray());
    }

    private static Reply healthReply(RuntimeHealth health, boolean liveness) {
        boolean up = liveness ? health.live() : health.ready();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("flows", health.flows());
        try {
            return new Reply(up ? 200 : 503, JSON, Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void respond(HttpExchange exchange, Supplier<Reply> reply) throws IOException {
        try (exchange) {
            Reply answer;
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                answer = new Reply(405, "text/plain; charset=utf-8", "GET only\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                try {
                    answer = reply.get();
                } catch (RuntimeException e) {
                    LOG.warn("{} failed", exchange.getRequestURI(), e);
                    answer = new Reply(500, "text/plain; charset=utf-8", String.valueOf(e).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(answer.status(), head ? -1 : answer.body().length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Reply(int status, String contentType, byte[] body) {
    }
}
