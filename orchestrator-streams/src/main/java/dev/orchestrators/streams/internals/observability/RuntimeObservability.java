package dev.orchestrators.streams.internals.observability;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.streams.RuntimeHealth;
import dev.orchestrators.streams.config.OrchestratorConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a runtime observes itself with: one meter registry for the orchestrators' meters, the flows' runtime
 * meters and every Kafka Streams client's metrics ({@link KafkaStreamsMetrics}); the health of each Kafka Streams
 * application; the HTTP endpoint ({@code orchestrator.metrics.port}); and the OpenTelemetry the runs are traced
 * with (an OTLP-exporting SDK with {@code orchestrator.tracing.exporter=otlp}). Created before the flows, closed
 * after them. Thread-safe.
 */
public final class RuntimeObservability implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeObservability.class);

    private final MeterRegistry registry;
    private final OrchestratorContext context;
    private final AutoCloseable tracing;
    private final HealthTracker health = new HealthTracker();
    private final List<KafkaStreamsMetrics> binders = new ArrayList<>();
    private final ScheduledExecutorService metricsRefresh;
    private ObservabilityServer server;
    /** Whether this runtime put its registry in Micrometer's global one (so takes it out again on close). */
    private boolean addedToGlobal;

    private RuntimeObservability(MeterRegistry registry, OrchestratorContext context, AutoCloseable tracing) {
        this.registry = registry;
        this.context = context;
        this.tracing = tracing;
        this.metricsRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "orchestrator-kafka-metrics");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The registry a runtime started without one uses: the context's, else a new one (which the metrics endpoint can
     * scrape when {@code orchestrator.metrics.port} is set).
     */
    public static MeterRegistry defaultRegistry(OrchestratorContext context, OrchestratorConfig config) {
        return context.meterRegistry().orElseGet(() -> config.getInt(OrchestratorConfig.METRICS_PORT_CONFIG) >= 0
                ? prometheus() : new SimpleMeterRegistry());
    }

    /**
     * Sets up tracing and the endpoint of a runtime whose meters go to {@code registry}.
     *
     * @throws ConfigurationException naming the key, when the endpoint or the exporter cannot be set up
     */
    public static RuntimeObservability start(OrchestratorConfig config, OrchestratorContext context, MeterRegistry registry) {
        OrchestratorContext.Builder services = context.toBuilder();
        if (context.meterRegistry().isEmpty()) {
            services.meterRegistry(registry);
        }
        AutoCloseable tracing = () -> { };
        if ("otlp".equals(config.getString(OrchestratorConfig.TRACING_EXPORTER_CONFIG))) {
            if (context.openTelemetry() != OpenTelemetry.noop()) {
                throw new ConfigurationException(OrchestratorConfig.TRACING_EXPORTER_CONFIG + "=otlp, but the OrchestratorContext "
                        + "has an OpenTelemetry of its own: configure the exporter there, or leave the context's out");
            }
            OpenTelemetry sdk = otlp(config);
            services.openTelemetry(sdk);
            tracing = (AutoCloseable) sdk;
            LOG.info("tracing: spans exported over OTLP to {}", config.getString(OrchestratorConfig.TRACING_OTLP_ENDPOINT_CONFIG));
        }
        RuntimeObservability observability = new RuntimeObservability(registry, services.build(), tracing);
        // Tool adapters (orchestrator-tools-*) are made before the runtime and record into Micrometer's global registry:
        // adding ours there brings their meters (existing and future) to the same /metrics.
        if (registry != Metrics.globalRegistry && !Metrics.globalRegistry.getRegistries().contains(registry)) {
            Metrics.addRegistry(registry);
            observability.addedToGlobal = true;
        }
        int port = config.getInt(OrchestratorConfig.METRICS_PORT_CONFIG);
        if (port >= 0) {
            try {
                observability.server = ObservabilityServer.start(port, registry, observability::health);
            } catch (RuntimeException | NoClassDefFoundError e) {
                observability.close();
                throw e instanceof ConfigurationException ce ? ce : new ConfigurationException(OrchestratorConfig.METRICS_PORT_CONFIG
                        + " needs io.micrometer:micrometer-registry-prometheus on the class path: " + e, e);
            }
            LOG.info("metrics and health on port {}: /metrics, /health/live, /health/ready", observability.server.port());
        }
        return observability;
    }

    private static MeterRegistry prometheus() {
        try {
            return ObservabilityServer.newRegistry();
        } catch (NoClassDefFoundError e) {
            throw new ConfigurationException(OrchestratorConfig.METRICS_PORT_CONFIG
                    + " needs io.micrometer:micrometer-registry-prometheus on the class path", e);
        }
    }

    private static OpenTelemetry otlp(OrchestratorConfig config) {
        try {
            return OtlpTracing.create(config);
        } catch (NoClassDefFoundError e) {
            throw new ConfigurationException(OrchestratorConfig.TRACING_EXPORTER_CONFIG + "=otlp needs io.opentelemetry:opentelemetry-sdk, "
                    + "opentelemetry-exporter-otlp and opentelemetry-exporter-sender-jdk on the class path", e);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(OrchestratorConfig.TRACING_OTLP_ENDPOINT_CONFIG + ": " + e.getMessage(), e);
        }
    }

    /** The runtime's services: the given context, with the runtime's registry (unless it had one) and tracing. */
    public OrchestratorContext context() {
        return context;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The meters of {@code flow}. */
    public FlowMeters flowMeters(String flow) {
        return FlowMeters.of(registry, flow);
    }

    /** Hands {@code meters} to the dead-letter handler of the Kafka Streams application configured by {@code props}. */
    public static void handTo(Properties props, FlowMeters meters) {
        props.put(FlowMeters.CONFIG, meters);
    }

    /**
     * Follows the health of {@code streams} (not yet started) and binds its client metrics to the registry, tagged
     * {@code flow}.
     */
    public synchronized void watch(String name, KafkaStreams streams) {
        health.watch(name, streams);
        KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams, Tags.of("flow", name), metricsRefresh);
        binder.bindTo(registry);
        binders.add(binder);
    }

    /** The health of every application watched. */
    public RuntimeHealth health() {
        return health.health();
    }

    /** The port of the HTTP endpoint, or -1 when it is off. */
    public int port() {
        return server == null ? -1 : server.port();
    }

    /** Stops the endpoint, unbinds the client metrics and flushes the spans still buffered. */
    @Override
    public synchronized void close() {
        if (addedToGlobal) {
            Metrics.removeRegistry(registry);
        }
        if (server != null) {
            server.close();
        }
        binders.forEach(KafkaStreamsMetrics::close);
        binders.clear();
        metricsRefresh.shutdownNow();
        try {
            tracing.close();
        } catch (Exception e) {
            LOG.warn("could not flush and stop tracing", e);
        }
    }
}
