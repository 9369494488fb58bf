package dev.orchestrators.cli.bench;

import dev.orchestrators.core.monitoring.MicrometerMonitoring;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.samples.LeadSyncSample;
import dev.orchestrators.samples.SampleTools;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.config.OrchestratorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code lead_sync_inmem}: the lead_sync orchestrator run by {@link OrchestratorRuntime} inside the bench JVM
 * with {@link SampleTools#inMemory()} and delivery allowed (so all three tools are called), registered under
 * the run's unique flow name so it gets fresh topics. The context mirrors {@code orchestrator run}'s.
 */
final class InProcessFlowWorkload implements Workload {
    private final WorkloadSpec spec;
    private OrchestratorRuntime runtime;

    InProcessFlowWorkload(WorkloadSpec spec) {
        this.spec = spec;
    }

    /** The flow name of a run: its topics are {@code <flow>.requests} and {@code <flow>.results}. */
    static String flow(String id) {
        return id;
    }

    @Override
    public boolean preloadBeforeStart() {
        return true;
    }

    @Override
    public void start() {
        String flow = flow(spec.id());
        Registry registry = Registry.newBuilder().register(flow, LeadSyncSample::create).build();
        OrchestratorContext context = OrchestratorContext.newBuilder()
                .monitoring(new MicrometerMonitoring(new SimpleMeterRegistry()))
                .deliveryGate(DeliveryGate.open())
                .tools(SampleTools.inMemory())
                .build();
        Map<String, Object> values = new HashMap<>(spec.runtimeConfig());
        values.put(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrap());
        values.put(OrchestratorConfig.FLOWS_CONFIG, flow);
        values.put(OrchestratorConfig.PROCESSING_GUARANTEE_CONFIG, spec.guarantee());
        values.put(OrchestratorConfig.TOPIC_PARTITIONS_CONFIG, spec.partitions());
        values.put(OrchestratorConfig.APPLICATION_ID_PREFIX_CONFIG, "");
        values.put(OrchestratorConfig.AUDIT_TOPIC_CONFIG, spec.id() + ".audit");
        values.put(OrchestratorConfig.STATE_DIR_CONFIG, spec.workDir().resolve("state").toString());
        runtime = OrchestratorRuntime.start(registry, context, new OrchestratorConfig(values));
    }

    @Override
    public void awaitReady(Duration timeout) {
        runtime.awaitRunning(timeout);
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
    }
}
