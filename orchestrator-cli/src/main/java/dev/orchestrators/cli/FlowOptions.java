package dev.orchestrators.cli;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.flow.FlowEnvironment;
import dev.orchestrators.core.flow.FlowProvider;
import dev.orchestrators.core.monitoring.MicrometerMonitoring;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.samples.SampleFlows;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.tools.ConfiguredTools;
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
    @Option(names = "--bootstrap-servers", description = "Kafka cluster to use (bootstrap.servers). Default: start an embedded broker.")
    String bootstrapServers;

    @Option(names = "--broker-port", description = "Port of the embedded broker (orchestrator.broker.port; default: 9092).")
    Integer brokerPort;

    @Option(names = "--data-dir", description = "Data directory of the embedded broker (orchestrator.broker.data.dir; default: a temporary directory).")
    String dataDir;

    @Option(names = "--flows", split = ",", description = "Flows to run (orchestrator.flows; default: every flow found).")
    List<String> flows = List.of();

    @Option(names = "--flows-jar", split = ",", paramLabel = "JAR",
            description = "A jar with your flows: every FlowProvider it registers in META-INF/services is loaded (repeatable).")
    List<Path> flowsJars = new ArrayList<>();

    @Option(names = "--samples", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Load the reference flows (lead_sync, support_triage, ...) too; --no-samples for only yours (default: ${DEFAULT-VALUE}).")
    boolean samples = true;

    @Option(names = "--guarantee", description = "exactly_once_v2 or at_least_once (processing.guarantee; default: exactly_once_v2).")
    String guarantee;

    @Option(names = "--partitions", description = "Partitions of topics created when missing (orchestrator.topic.partitions; default: 3).")
    Integer partitions;

    @Option(names = "--allow-delivery", description = "Turn the global allow_delivery flag on (default: off).")
    boolean allowDelivery;

    @Option(names = "--sample-latency-ms", description = "Make each sample tool answer after this many ms, without holding a thread (default: 0).")
    long sampleLatencyMs;

    @Option(names = {"-D", "--config"}, description = "Any configuration key (see docs/configuration.md), e.g. -D orchestrator.max.in.flight=500; "
            + "flow providers read their own settings from these too. Every key can also be set as an environment variable, "
            + "ORCHESTRATOR_<KEY> (e.g. ORCHESTRATOR_MAX_IN_FLIGHT=500); -D and the options above win over it.")
    Map<String, String> extra = new HashMap<>();

    /**
     * The process's environment, whose {@code ORCHESTRATOR_} variables set keys ({@link EnvironmentSettings}); a
     * command that must not read them (the self-contained demo) or a test sets its own.
     */
    Map<String, String> environmentVariables = System.getenv();

    @Mixin
    SecurityOptions security = new SecurityOptions();

    private ConfiguredTools tools;

    /** The time of this command: the runtime's clock, and what commands that wait measure their patience on. */
    java.time.Clock clock = java.time.Clock.systemUTC();

    /** This process's meters: what {@code --metrics-port} serves. */
    private final MeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /**
     * The configuration: the {@code ORCHESTRATOR_} environment variables, then {@code -D} settings, then the options
     * given on the command line (each wins over the ones before it).
     *
     * @throws ConfigurationException naming the variable or file when an environment variable names no key or a
     *                                secret file cannot be read
     */
    OrchestratorConfig config() {
        Map<String, Object> values = new HashMap<>(EnvironmentSettings.settings(environmentVariables));
        values.putAll(extra);
        putIfGiven(values, OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        putIfGiven(values, OrchestratorConfig.BROKER_PORT_CONFIG, brokerPort);
        putIfGiven(values, OrchestratorConfig.BROKER_DATA_DIR_CONFIG, dataDir);
        putIfGiven(values, OrchestratorConfig.FLOWS_CONFIG, flows.isEmpty() ? null : String.join(",", flows));
        putIfGiven(values, OrchestratorConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        putIfGiven(values, OrchestratorConfig.TOPIC_PARTITIONS_CONFIG, partitions);
        values.putAll(security.values());
        return new OrchestratorConfig(values);
    }

    private static void putIfGiven(Map<String, Object> values, String key, Object value) {
        if (value != null) {
            values.put(key, value);
        }
    }

    /** What flow providers are told: every setting of the environment variables and {@code -D}, and the sample tools' latency. */
    FlowEnvironment environment() {
        Map<String, String> settings = new HashMap<>(EnvironmentSettings.settings(environmentVariables));
        settings.putAll(extra);
        if (sampleLatencyMs > 0) {
            settings.put(SampleEnvironment.LATENCY_MS, Long.toString(sampleLatencyMs));
        }
        return new FlowEnvironment(settings);
    }

    /**
     * Every flow the {@code FlowProvider}s on the class path and in {@code --flows-jar} contribute.
     *
     * @throws ConfigurationException when a jar is missing or contributes no flow, two flows share a name, or a provider fails
     */
    Registry registry() {
        Map<String, Path> jarOfProvider = new HashMap<>();
        Registry loaded = Registry.load(classLoader(), environment(), provider -> {
            boolean accepted = samples || !(provider instanceof SampleFlows);
            if (accepted) {
                jarOf(provider.getClass()).ifPresent(jar -> jarOfProvider.put(provider.getClass().getName(), jar));
            }
            return accepted;
        });
        for (Path jar : flowsJars) {
            requireFlowsFrom(jar, loaded, jarOfProvider);
        }
        return tools().applyTo(loaded);
    }

    /**
     * Checks that {@code --flows-jar jar} contributed a flow: a jar without a registered provider, or whose providers
     * return none, is a mistake (a missing or misspelt services file, a provider left empty).
     *
     * @throws ConfigurationException naming the jar and what it lacks
     */
    private static void requireFlowsFrom(Path jar, Registry loaded, Map<String, Path> jarOfProvider) {
        Path wanted = jar.toAbsolutePath().normalize();
        List<String> providers = jarOfProvider.entrySet().stream().filter(e -> e.getValue().equals(wanted))
                .map(Map.Entry::getKey).sorted().toList();
        if (providers.isEmpty()) {
            throw new ConfigurationException("--flows-jar " + jar + " contributes no flow: it registers no FlowProvider in "
                    + "META-INF/services/" + FlowProvider.class.getName());
        }
        boolean contributes = loaded.names().stream()
                .anyMatch(flow -> loaded.providerOf(flow).filter(providers::contains).isPresent());
        if (!contributes) {
            throw new ConfigurationException("--flows-jar " + jar + " contributes no flow: " + String.join(", ", providers)
                    + (providers.size() == 1 ? " returns" : " return") + " none");
        }
    }

    /** The jar of {@code --flows-jar} a class was loaded from, if it was. */
    private java.util.Optional<Path> jarOf(Class<?> type) {
        java.security.CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return java.util.Optional.empty();
        }
        try {
            Path location = Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
            return flowsJars.stream().map(j -> j.toAbsolutePath().normalize()).filter(location::equals).findFirst();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return java.util.Optional.empty(); // not a file: not one of the jars
        }
    }

    /**
     * The tools {@code tool.<name>.*} settings configure (made once per command; closed at exit): every flow's tools
     * of those names are replaced by them, and flows may call them by name.
     *
     * @throws ConfigurationException naming the key, for an unknown type or key or a bad value
     */
    synchronized ConfiguredTools tools() {
        if (tools == null) {
            // the adapters' meters go to Micrometer's global registry: this process's registry there first, so /metrics
            // serves them from their first recording
            io.micrometer.core.instrument.Metrics.addRegistry(meters);
            tools = ConfiguredTools.from(environment().settings());
            Runtime.getRuntime().addShutdownHook(new Thread(tools::close, "orchestrator-tools-close"));
        }
        return tools;
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
                .clock(clock)
                .monitoring(new MicrometerMonitoring(meters))
                .meterRegistry(meters)
                .deliveryGate(allowDelivery ? DeliveryGate.open() : DeliveryGate.closed())
                .build();
    }

    MeterRegistry meters() {
        return meters;
    }
}
