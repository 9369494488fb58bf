package dev.orchestrators.streams.security;

import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.samples.SampleFlows;
import dev.orchestrators.streams.FlowPlan;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.util.HashMap;
import java.util.Map;

/** The plans of the reference flows, and configurations for them. */
final class SamplePlans {
    static final Map<String, FlowPlan> PLANS = FlowPlan.of(registry(), context(), TopicNames.AUDIT);

    private SamplePlans() {
    }

    static Registry registry() {
        Registry.Builder registry = Registry.newBuilder();
        SampleFlows.all(SampleEnvironment.immediate()).forEach(registry::register);
        return registry.build();
    }

    static OrchestratorContext context() {
        return OrchestratorContext.newBuilder().build();
    }

    static FlowPlan plan(String flow) {
        return PLANS.get(flow);
    }

    /** The defaults, with {@code keyValues} ({@code key, value, key, value, ...}) set. */
    static OrchestratorConfig config(String... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new OrchestratorConfig(values);
    }
}
