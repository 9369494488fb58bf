package dev.orchestrators.cli;

import dev.orchestrators.core.monitoring.MicrometerMonitoring;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.samples.LeadSyncSample;
import dev.orchestrators.samples.SampleTools;
import dev.orchestrators.streams.config.OrchestratorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import picocli.CommandLine.Option;

/** Options shared by the commands that run flows ({@code run}, {@code demo}). */
final class FlowOptions {
    @Option(names = "--bootstrap-servers", description = "Kafka cluster to use. Default: start an embedded broker.")
    String bootstrapServers = "";

    @Option(names = "--broker-port", description = "Port of the embedded broker (default: ${DEFAULT-VALUE}).")
    int brokerPort = 9092;

    @Option(names = "--data-dir", description = "Data directory of the embedded broker (default: a temporary directory).")
    String dataDir = "";

    @Option(names = "--flows", split = ",", description = "Flows to run (default: all registered: lead_sync).")
    List<String> flows = List.of();

    @Option(names = "--guarantee", description = "exactly_once_v2 or at_least_once (default: ${DEFAULT-VALUE}).")
    String guarantee = "exactly_once_v2";

    @Option(names = "--partitions", description = "Partitions of topics created when missing (default: ${DEFAULT-VALUE}).")
    int partitions = 3;

    @Option(names = "--allow-delivery", description = "Turn the global allow_delivery flag on (default: off).")
    boolean allowDelivery;

    @Option(names = "--sample-latency-ms", description = "Make each sample tool answer after this many ms, without holding a thread (default: 0).")
    long sampleLatencyMs;

    @Option(names = {"-D", "--config"}, description = "Any configuration key (see docs/configuration.md), e.g. -D orchestrator.max.in.flight=500.")
    Map<String, String> extra = new HashMap<>();

    OrchestratorConfig config() {
        Map<String, Object> values = new HashMap<>(extra);
        values.put(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        values.put(OrchestratorConfig.BROKER_PORT_CONFIG, brokerPort);
        values.put(OrchestratorConfig.BROKER_DATA_DIR_CONFIG, dataDir);
        values.put(OrchestratorConfig.FLOWS_CONFIG, String.join(",", flows));
        values.put(OrchestratorConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        values.put(OrchestratorConfig.TOPIC_PARTITIONS_CONFIG, partitions);
        return new OrchestratorConfig(values);
    }

    /** The flows this program knows: the reference flow, assembled through the registry like any other. */
    static Registry registry() {
        return LeadSyncSample.register(Registry.newBuilder()).build();
    }

    OrchestratorContext context() {
        OrchestratorContext.Builder builder = OrchestratorContext.newBuilder()
                .monitoring(new MicrometerMonitoring(new SimpleMeterRegistry()))
                .deliveryGate(allowDelivery ? DeliveryGate.open() : DeliveryGate.closed());
        if (sampleLatencyMs > 0) {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sample-tool-latency");
                t.setDaemon(true);
                return t;
            });
            builder.tools(SampleTools.withLatency(Duration.ofMillis(sampleLatencyMs), scheduler));
        } else {
            builder.tools(SampleTools.inMemory());
        }
        return builder.build();
    }
}
