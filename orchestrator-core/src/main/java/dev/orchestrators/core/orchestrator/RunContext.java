package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.StepRun;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The state of one run, shared by its steps: its id, flow, payload, options, services, trace context and the
 * steps run so far. Thread-safe.
 */
public final class RunContext {
    private final Payload payload;
    private final String flow;
    private final ExecutionOptions options;
    private final OrchestratorContext services;
    private final Instant startedAt;
    private final Context trace;
    private final List<StepRun> steps = new CopyOnWriteArrayList<>();

    /**
     * A run that does not go through {@link BaseOrchestrator#execute}: for work a runtime performs on a
     * run's behalf later (a saga's compensation), with the run's id in {@code payload}.
     */
    public static RunContext detached(Payload payload, String flow, ExecutionOptions options, OrchestratorContext services) {
        return new RunContext(payload, flow, options, services, options.traceParentOrCurrent());
    }

    RunContext(Payload payload, String flow, ExecutionOptions options, OrchestratorContext services, Context trace) {
        this.payload = Objects.requireNonNull(payload, "payload");
        this.flow = Objects.requireNonNull(flow, "flow");
        this.options = Objects.requireNonNull(options, "options");
        this.services = Objects.requireNonNull(services, "services");
        this.startedAt = services.clock().instant();
        this.trace = Objects.requireNonNull(trace, "trace");
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

    /** The OpenTelemetry context of the run: its span (or the caller's span context, when no spans are recorded). */
    public Context traceContext() {
        return trace;
    }

    /** A context for step {@code step} of orchestrator {@code owner}, in the run's trace context. */
    public StepContext stepContext(String step, String owner, OrchestratorSettings settings) {
        return stepContext(step, owner, settings, trace);
    }

    StepContext stepContext(String step, String owner, OrchestratorSettings settings, Context stepTrace) {
        return new StepContext(this, step, owner, settings, new java.util.concurrent.atomic.AtomicInteger(), stepTrace);
    }

    void recordStep(StepRun run) {
        steps.add(run);
    }

    public List<StepRun> steps() {
        return List.copyOf(steps);
    }
}
