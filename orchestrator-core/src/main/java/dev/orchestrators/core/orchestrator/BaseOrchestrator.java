package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.ErrorInfo;
import dev.orchestrators.core.envelope.Metadata;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.internal.RunContext;
import dev.orchestrators.core.monitoring.MonitoringEvent;
import dev.orchestrators.core.queue.Job;
import dev.orchestrators.core.retry.RetryDeferredException;
import dev.orchestrators.core.tool.Capability;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common life cycle of every orchestrator: validate the payload, {@link #beforeRun}, emit
 * {@code orchestrator.start}, {@link #perform} the work, build the envelope, {@link #afterRun} or
 * {@link #onError}, emit {@code orchestrator.success} or {@code orchestrator.error}, and audit the final
 * envelope. Subclasses implement only {@link #perform}. Each execution is a span ({@code run <name>}, child of
 * {@link ExecutionOptions#traceParent}) and, once it ends with an envelope, is timed in {@code orchestrator.runs}
 * (and, when it failed, counted in {@code orchestrator.failures} by failure class).
 *
 * <p>Thread-safe as long as subclasses keep no per-run state in fields (use the {@link RunContext}).
 */
public abstract class BaseOrchestrator implements Orchestrator {
    private static final Logger LOG = LoggerFactory.getLogger(BaseOrchestrator.class);

    private final String name;
    private final OrchestratorSettings settings;
    private final OrchestratorContext context;

    protected BaseOrchestrator(String name, OrchestratorSettings settings, OrchestratorContext context) {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("an orchestrator needs a non-blank name");
        }
        this.name = name;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.context = Objects.requireNonNull(context, "context");
    }

    /** Does the work of one run. A failed stage ends the run as FAILED; it must not block. */
    protected abstract CompletionStage<StepOutcome> perform(RunContext run);

    /** The kind's stable name ({@code coordinator}, {@code saga}, ...), as listed by {@code orchestrator flows}. */
    @Override
    public abstract String kind();

    /** The tools this orchestrator calls by name; none unless the kind says so. */
    protected Set<String> toolNames() {
        return Set.of();
    }

    /** The nested steps and orchestrators, in running order; none unless the kind has parts. */
    protected List<Description> parts() {
        return List.of();
    }

    /** True only for a validator: what runs after it sees validated input. */
    protected boolean validates() {
        return false;
    }

    @Override
    public Description describe() {
        return new Description(name, kind(), settings.capabilities(), toolNames(), validates(),
                settings.requiresValidatedInput(), parts());
    }

    /**
     * Runs {@code step} as part of {@code run} on behalf of this orchestrator: records it in
     * {@code metadata.steps}, emits {@code orchestrator.step.<name>}, and turns its failure into one that
     * names the step.
     */
    protected final CompletionStage<StepOutcome> runStep(RunContext run, Step step, List<EnvelopeRecord> input) {
        return StepRunner.run(run, step, this, input);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<Capability> capabilities() {
        return settings.capabilities();
    }

    public final OrchestratorSettings settings() {
        return settings;
    }

    protected final OrchestratorContext context() {
        return context;
    }

    /** Accepts every payload; override to check required fields early. */
    @Override
    public void validatePayload(Payload payload) {
        Objects.requireNonNull(payload, "payload");
    }

    /** Hook: called after validation, before any step. An exception fails the run. */
    protected void beforeRun(Payload payload) {
    }

    /** Hook: called with the final envelope of a run that did not fail. */
    protected void afterRun(Envelope envelope) {
    }

    /** Hook: called when a run fails, with the failure and the final metadata. */
    protected void onError(Throwable failure, Metadata metadata) {
    }

    @Override
    public final Envelope run(Payload payload) {
        try {
            return execute(payload, ExecutionOptions.defaults()).toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = FailureClassifier.unwrap(e);
            throw cause instanceof RuntimeException re ? re : e;
        }
    }

    @Override
    public final String runAsync(Payload payload) {
        var queue = context.queue().orElseThrow(() -> new ConfigurationException(
                "orchestrator '" + name + "' has no queue: build its OrchestratorContext with queue(...) to use runAsync"));
        queue.enqueue(new Job(name, payload, context.clock().instant()));
        return payload.runId();
    }

    @Override
    public final CompletionStage<RunOutcome> attempt(Payload payload, ExecutionOptions options) {
        String flow = options.flow() == null ? name : options.flow();
        long startedNanos = context.meters().now();
        Context parent = options.traceParentOrCurrent();
        Span span = context.tracing().startRun(parent, flow, name, kind(), payload == null ? "" : payload.runId(),
                options.runAttempt());
        RunContext run = new RunContext(payload, flow, options, context, RunTracing.with(parent, span));
        CompletionStage<StepOutcome> work;
        emit(MonitoringEvent.START, run, Map.of("attempt", options.runAttempt()));
        try {
            validatePayload(payload);
            beforeRun(payload);
            work = perform(run);
        } catch (RuntimeException e) {
            work = CompletableFuture.failedFuture(e);
        }
        return work.handle((outcome, failure) -> {
            try {
                RunOutcome ended = conclude(run, outcome, failure);
                endSpan(span, ended);
                if (ended instanceof RunOutcome.Answered answered) {
                    context.meters().run(run.flow(), name).ended(answered.envelope().status(), startedNanos);
                }
                return ended;
            } catch (RuntimeException broken) {
                RunTracing.end(span, "BROKEN", broken.getClass().getSimpleName());
                return new RunOutcome.Failed(broken);
            }
        });
    }

    private static void endSpan(Span span, RunOutcome outcome) {
        outcome.match(new RunOutcome.Cases<Void>() {
            @Override
            public Void answered(RunOutcome.Answered answered) {
                Envelope envelope = answered.envelope();
                RunTracing.end(span, envelope.status().name(),
                        envelope.metadata().error() == null ? null : envelope.metadata().error().type());
                return null;
            }

            @Override
            public Void routed(RunOutcome.Routed routed) {
                RunTracing.end(span, "HANDED_OFF", null);
                return null;
            }

            @Override
            public Void compensationRequired(RunOutcome.CompensationRequired required) {
                RunTracing.end(span, "HANDED_OFF", null);
                return null;
            }

            @Override
            public Void deferred(RunOutcome.Deferred deferred) {
                RunTracing.end(span, "DEFERRED", null);
                return null;
            }

            @Override
            public Void failed(RunOutcome.Failed failed) {
                RunTracing.end(span, "BROKEN", failed.failure().getClass().getSimpleName());
                return null;
            }
        });
    }

    /**
     * How the run's work ended: a hand-off or a deferral as is (neither has an envelope or an audit entry of its
     * own), else the final envelope, audited.
     */
    private RunOutcome conclude(RunContext run, StepOutcome outcome, Throwable failure) {
        Throwable cause = failure == null ? null : FailureClassifier.unwrap(failure);
        if (cause instanceof RetryDeferredException deferred) {
            return RunOutcome.Deferred.of(deferred); // the runtime attempts the run again later
        }
        if (cause == null && run.handedOff() != null) {
            return run.handedOff(); // the runtime continues the run on other topics
        }
        Envelope envelope = cause != null ? failed(run, cause) : outcome.answer() != null ? outcome.answer() : succeeded(run, outcome);
        if (cause == null) {
            callHook(() -> afterRun(envelope), "afterRun", run);
            emit(MonitoringEvent.SUCCESS, run, Map.of("status", envelope.status().name()));
        } else {
            callHook(() -> onError(cause, envelope.metadata()), "onError", run);
            emit(MonitoringEvent.ERROR, run, Map.of("status", envelope.status().name(),
                    "error_type", envelope.metadata().error().type()));
        }
        context.auditStore().append(AuditRecord.ofEnvelope(envelope, context.clock().instant()));
        return new RunOutcome.Answered(envelope);
    }

    private Envelope succeeded(RunContext run, StepOutcome outcome) {
        RunStatus status = outcome.halted() ? outcome.halt() : outcome.partial() ? RunStatus.PARTIAL : RunStatus.OK;
        Metadata metadata = new Metadata(run.runId(), run.flow(), name, status, outcome.partial(),
                status == RunStatus.BLOCKED, outcome.reason(), null, run.options().runAttempt(), run.startedAt(),
                run.now(), run.steps(), outcome.details());
        return new Envelope(metadata, outcome.records());
    }

    private Envelope failed(RunContext run, Throwable cause) {
        FailureClass failureClass = StepRunner.classify(run, cause);
        String type = cause instanceof OrchestratorException oe ? oe.type() : cause.getClass().getSimpleName();
        String step = cause instanceof OrchestratorException oe ? oe.failedStep() : null;
        String message = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
        ErrorInfo error = ErrorInfo.of(failureClass, type, message, step);
        context.meters().run(run.flow(), name).failed(failureClass, type);
        Metadata metadata = new Metadata(run.runId(), run.flow(), name, RunStatus.FAILED, false, false, null, error,
                run.options().runAttempt(), run.startedAt(), run.now(), run.steps(),
                cause instanceof OrchestratorException oe ? oe.details() : Map.of());
        if (failureClass == FailureClass.PERMANENT) {
            LOG.info("run {} of {} failed permanently: {}", run.runId(), name, message);
        } else {
            LOG.warn("run {} of {} failed after its last attempt: {}", run.runId(), name, message);
        }
        return new Envelope(metadata, List.of());
    }

    private void callHook(Runnable hook, String hookName, RunContext run) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            // The envelope is final already; a broken hook must not lose it, but it must be seen.
            LOG.error("{} hook of orchestrator {} threw for run {}", hookName, name, run.runId(), e);
        }
    }

    private void emit(String event, RunContext run, Map<String, Object> attributes) {
        Map<String, Object> all = new LinkedHashMap<>(attributes);
        all.put("flow", run.flow());
        context.monitoring().logEvent(new MonitoringEvent(event, run.runId(), name, run.now(), all));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + ", " + settings.capabilities() + "]";
    }
}
