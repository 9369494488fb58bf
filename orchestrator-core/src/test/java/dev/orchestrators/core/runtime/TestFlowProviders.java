package dev.orchestrators.core.runtime;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.flow.FlowEnvironment;
import dev.orchestrators.core.flow.FlowProvider;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link FlowProvider}s that {@code RegistryLoadTest} registers through {@code META-INF/services} files it
 * writes (from {@code registry-load/*.services}); never on the test class path's own services, so other
 * tests do not see them. ServiceLoader needs them public with a public no-argument constructor.
 */
public final class TestFlowProviders {
    private TestFlowProviders() {
    }

    static Flow noop(String name) {
        return Flow.of(name, ctx -> noopCoordinator(name, ctx));
    }

    private static Orchestrator noopCoordinator(String name, OrchestratorContext ctx) {
        return Coordinator.newBuilder(name)
                .step(Steps.of("noop", (step, input) -> CompletableFuture.completedFuture(StepOutcome.proceed(input))))
                .build(ctx);
    }

    public static final class LeadFlows implements FlowProvider {
        @Override
        public List<Flow> flows(FlowEnvironment environment) {
            return List.of(noop("lead_sync"), noop("lead_intake"));
        }
    }

    public static final class SupportFlows implements FlowProvider {
        @Override
        public List<Flow> flows(FlowEnvironment environment) {
            return List.of(noop("support_ticket"));
        }
    }

    /** Contributes a flow named like one of {@link LeadFlows}'. */
    public static final class OtherLeadFlows implements FlowProvider {
        @Override
        public List<Flow> flows(FlowEnvironment environment) {
            return List.of(noop("lead_sync"));
        }
    }

    public static final class BrokenFlows implements FlowProvider {
        @Override
        public List<Flow> flows(FlowEnvironment environment) {
            throw new IllegalStateException("crm.url is not reachable");
        }
    }

    public static final class MisconfiguredFlows implements FlowProvider {
        @Override
        public List<Flow> flows(FlowEnvironment environment) {
            throw new ConfigurationException("crm.url must be set");
        }
    }

    public static final class UnconstructableFlows implements FlowProvider {
        public UnconstructableFlows() {
            throw new IllegalStateException("cannot read flows.yaml");
        }

        @Override
        public List<Flow> flows(FlowEnvironment environment) {
            return List.of();
        }
    }

    /** One flow named by setting {@code flows.name}, scaled by {@code flows.count}. */
    public static final class EnvironmentFlows implements FlowProvider {
        @Override
        public List<Flow> flows(FlowEnvironment environment) {
            long count = environment.getLong("flows.count", 1);
            String name = environment.get("flows.name", "unnamed");
            return java.util.stream.LongStream.rangeClosed(1, count).mapToObj(i -> noop(name + "_" + i)).toList();
        }
    }
}
