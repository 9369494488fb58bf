package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.StepRun;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The state of one run, shared by its steps: its id, flow, payload, options, services and the steps
 * run so far. Thread-safe.
 */
public final class RunContext {
    private final Payload payload;
    private final String flow;
    private final ExecutionOptions options;
    private final OrchestratorContext services;
    private final Instant startedAt;
    private final List<StepRun> steps = new CopyOnWriteArrayList<>();

    /**
     * A run that does not go through {@link BaseOrchestrator#execute}: for work a runtime performs on a
     * run's behalf later (a saga's compensation), with the run's id in {@code payload}.
     */
    public static RunContext detached(Payload payload, String flow, ExecutionOptions options, OrchestratorContext services) {
        return new RunContext(payload, flow, options, services);
    }

    RunContext(Payload payload, String flow, ExecutionOptions options, OrchestratorContext services) {
        this.payload = Objects.requireNonNull(payload, "payload");
        this.flow = Objects.requireNonNull(flow, "flow");
        this.options = Objects.requireNonNull(options, "options");
        this.services = Objects.requireNonNull(services, "services");
        this.startedAt = services.clock().instant();
    }

    public String runId() {
        return payload.runId();
    }

    public String flow() {
        return flow;
    }

    public Payload payload() {
        return payload;
    }

    public ExecutionOptions options() {
        return options;
    }

    public OrchestratorContext services() {
        return services;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant now() {
        return services.clock().instant();
    }

    /** A context for step {@code step} of orchestrator {@code owner}. */
    public StepContext stepContext(String step, String owner, OrchestratorSettings settings) {
        return new StepContext(this, step, owner, settings, new java.util.concurrent.atomic.AtomicInteger());
    }

    void recordStep(StepRun run) {
        steps.add(run);
    }

    public List<StepRun> steps() {
        return List.copyOf(steps);
    }
}
