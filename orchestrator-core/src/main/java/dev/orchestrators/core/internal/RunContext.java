package dev.orchestrators.core.internal;

import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.StepRun;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.OrchestratorSettings;
import dev.orchestrators.core.orchestrator.RunOutcome;
import dev.orchestrators.core.orchestrator.StepContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
    private volatile RunOutcome handedOff;

    /**
     * A run that does not go through {@link BaseOrchestrator#execute}: for work a runtime performs on a
     * run's behalf later (a saga's compensation), with the run's id in {@code payload}.
     */
    public static RunContext detached(Payload payload, String flow, ExecutionOptions options, OrchestratorContext services) {
        return new RunContext(payload, flow, options, services, options.traceParentOrCurrent());
    }

    public RunContext(Payload payload, String flow, ExecutionOptions options, OrchestratorContext services, Context trace) {
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

    public StepContext stepContext(String step, String owner, OrchestratorSettings settings, Context stepTrace) {
        return new StepContext(this, step, owner, settings, new java.util.concurrent.atomic.AtomicInteger(), stepTrace);
    }

    public void recordStep(StepRun run) {
        steps.add(run);
    }

    public List<StepRun> steps() {
        return List.copyOf(steps);
    }

    /**
     * Ends the run's in-process part with {@code outcome} ({@link RunOutcome.Routed} or
     * {@link RunOutcome.CompensationRequired}): only a root run under {@link ExecutionOptions#handOff()} may. The
     * returned stage completes at once; the orchestrator's {@code attempt} returns {@code outcome} instead of an
     * envelope, with no audit entry of its own.
     *
     * @throws IllegalStateException when the run was not started with hand-off, or was handed off already
     */
    public CompletionStage<StepOutcome> handOff(RunOutcome outcome) {
        if (!(outcome instanceof RunOutcome.Routed || outcome instanceof RunOutcome.CompensationRequired)) {
            throw new IllegalArgumentException("only a route or a compensation plan hands a run off, not " + outcome);
        }
        if (!options.handOff()) {
            throw new IllegalStateException("run " + runId() + " was not started with hand-off");
        }
        if (handedOff != null) {
            throw new IllegalStateException("run " + runId() + " was handed off already");
        }
        handedOff = outcome;
        return CompletableFuture.completedFuture(StepOutcome.proceed(List.of()));
    }

    /** The hand-off the run ended in, or {@code null}. */
    public RunOutcome handedOff() {
        return handedOff;
    }
}
