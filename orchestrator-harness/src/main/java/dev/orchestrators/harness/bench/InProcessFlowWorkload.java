package dev.orchestrators.harness.bench;

import dev.orchestrators.core.monitoring.MicrometerMonitoring;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.samples.SampleFlows;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.config.OrchestratorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code lead_sync_inmem}, {@code saga_inmem}, {@code router_inmem}: the flows of a {@link BenchFlow} run by
 * one {@link OrchestratorRuntime} inside the bench JVM, as {@code orchestrator run --flows ...} would run them:
 * the reference flows of {@link SampleFlows} with instant sample tools ({@link SampleEnvironment#immediate()},
 * fresh sample systems per run) and delivery allowed (so lead_sync calls all three tools). The flows keep their
 * registered names (a router finds its sub-flows by name), so the bench recreates their topics per run; the
 * application ids, internal topics and audit topic start with the run's unique id.
 */
final class InProcessFlowWorkload implements Workload {
    private final WorkloadSpec spec;
    private final BenchFlow flow;
    private OrchestratorRuntime runtime;

    InProcessFlowWorkload(WorkloadSpec spec, BenchFlow flow) {
        this.spec = spec;
        this.flow = flow;
    }

    @Override
    public boolean preloadBeforeStart() {
        return true;
    }

    @Override
    public void start() {
        Registry.Builder registry = Registry.newBuilder();
        SampleFlows.all(SampleEnvironment.immediate()).forEach(registry::register);
        OrchestratorContext context = OrchestratorContext.newBuilder()
                .monitoring(new MicrometerMonitoring(new SimpleMeterRegistry()))
                .deliveryGate(DeliveryGate.open())
                .build();
        Map<String, Object> values = new HashMap<>(spec.runtimeConfig());
        values.put(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrap());
        values.put(OrchestratorConfig.FLOWS_CONFIG, String.join(",", flow.flows()));
        values.put(OrchestratorConfig.PROCESSING_GUARANTEE_CONFIG, spec.guarantee());
        values.put(OrchestratorConfig.TOPIC_PARTITIONS_CONFIG, spec.partitions());
        values.put(OrchestratorConfig.APPLICATION_ID_PREFIX_CONFIG, spec.id() + "-");
        values.put(OrchestratorConfig.AUDIT_TOPIC_CONFIG, spec.id() + ".audit");
        values.put(OrchestratorConfig.STATE_DIR_CONFIG, spec.workDir().resolve("state").toString());
        runtime = OrchestratorRuntime.start(registry.build(), context, new OrchestratorConfig(values));
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
