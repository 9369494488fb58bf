package dev.orchestrators.cli;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.flow.FlowEnvironment;
import dev.orchestrators.core.monitoring.MicrometerMonitoring;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.samples.SampleFlows;
import dev.orchestrators.streams.config.OrchestratorConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by the commands that load and run flows ({@code run}, {@code demo}, {@code flows}, {@code acls}, {@code topics}). */
final class FlowOptions {
    @Option(names = "--bootstrap-servers", description = "Kafka cluster to use. Default: start an embedded broker.")
    String bootstrapServers = "";

    @Option(names = "--broker-port", description = "Port of the embedded broker (default: ${DEFAULT-VALUE}).")
    int brokerPort = 9092;

    @Option(names = "--data-dir", description = "Data directory of the embedded broker (default: a temporary directory).")
    String dataDir = "";

    @Option(names = "--flows", split = ",", description = "Flows to run (default: every flow found).")
    List<String> flows = List.of();

    @Option(names = "--flows-jar", split = ",", paramLabel = "JAR",
            description = "A jar with your flows: every FlowProvider it registers in META-INF/services is loaded (repeatable).")
    List<Path> flowsJars = new ArrayList<>();

    @Option(names = "--samples", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Load the reference flows (lead_sync, support_triage, ...) too; --no-samples for only yours (default: ${DEFAULT-VALUE}).")
    boolean samples = true;

    @Option(names = "--guarantee", description = "exactly_once_v2 or at_least_once (default: ${DEFAULT-VALUE}).")
    String guarantee = "exactly_once_v2";

    @Option(names = "--partitions", description = "Partitions of topics created when missing (default: ${DEFAULT-VALUE}).")
    int partitions = 3;

    @Option(names = "--allow-delivery", description = "Turn the global allow_delivery flag on (default: off).")
    boolean allowDelivery;

    @Option(names = "--sample-latency-ms", description = "Make each sample tool answer after this many ms, without holding a thread (default: 0).")
    long sampleLatencyMs;

    @Option(names = {"-D", "--config"}, description = "Any configuration key (see docs/configuration.md), e.g. -D orchestrator.max.in.flight=500; "
            + "flow providers read their own settings from these too.")
    Map<String, String> extra = new HashMap<>();

    @Mixin
    SecurityOptions security = new SecurityOptions();

    /** This process's meters: what {@code --metrics-port} serves. */
    private final MeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    OrchestratorConfig config() {
        Map<String, Object> values = new HashMap<>(extra);
        values.put(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        values.put(OrchestratorConfig.BROKER_PORT_CONFIG, brokerPort);
        values.put(OrchestratorConfig.BROKER_DATA_DIR_CONFIG, dataDir);
        values.put(OrchestratorConfig.FLOWS_CONFIG, String.join(",", flows));
        values.put(OrchestratorConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        values.put(OrchestratorConfig.TOPIC_PARTITIONS_CONFIG, partitions);
        values.putAll(security.values());
        return new OrchestratorConfig(values);
    }

    /** What flow providers are told: every {@code -D} setting, and the sample tools' latency. */
    FlowEnvironment environment() {
        Map<String, String> settings = new HashMap<>(extra);
        if (sampleLatencyMs > 0) {
            settings.put(SampleEnvironment.LATENCY_MS, Long.toString(sampleLatencyMs));
        }
        return new FlowEnvironment(settings);
    }

    /**
     * Every flow the {@code FlowProvider}s on the class path and in {@code --flows-jar} contribute.
     *
     * @throws ConfigurationException when a jar is missing, two flows share a name, or a provider fails
     */
    Registry registry() {
        return Registry.load(classLoader(), environment(), provider -> samples || !(provider instanceof SampleFlows));
    }

    private ClassLoader classLoader() {
        ClassLoader parent = FlowOptions.class.getClassLoader();
        if (flowsJars.isEmpty()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : flowsJars) {
            if (!Files.isRegularFile(jar)) {
                throw new ConfigurationException("--flows-jar " + jar + ": no such file");
            }
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new ConfigurationException("--flows-jar " + jar + ": " + e.getMessage(), e);
            }
        }
        return new URLClassLoader("flows", urls.toArray(URL[]::new), parent);
    }

    /** The runtime's services: monitoring and meters into this process's registry, and the allow_delivery gate. */
    OrchestratorContext context() {
        return OrchestratorContext.newBuilder()
                .monitoring(new MicrometerMonitoring(meters))
                .meterRegistry(meters)
                .deliveryGate(allowDelivery ? DeliveryGate.open() : DeliveryGate.closed())
                .build();
    }

    MeterRegistry meters() {
        return meters;
    }
}
