package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.errors.CapabilityDeniedException;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.errors.IndeterminateOutcomeException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.ToolCallFailedException;
import dev.orchestrators.core.errors.ToolTimeoutException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.internal.RunContext;
import dev.orchestrators.core.ledger.SideEffect;
import dev.orchestrators.core.ledger.SideEffectLedger;
import dev.orchestrators.core.retry.RetryDeferredException;
import dev.orchestrators.core.time.Timer;
import dev.orchestrators.core.tool.CompletedToolCall;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What a {@link Step} sees: the run, the orchestrator that owns the step, its trace context, and {@link #call},
 * the only way to reach a tool. Thread-safe: a step may make many calls at once.
 */
public final class StepContext {
    private final RunContext run;
    private final String step;
    private final String orchestrator;
    private final OrchestratorSettings settings;
    private final AtomicInteger attempts;
    private final Context trace;
    private volatile Map<String, String> traceHeaders;

    /** For the run engine ({@link RunContext#stepContext}); steps receive their context, they do not make one. */
    public StepContext(RunContext run, String step, String orchestrator, OrchestratorSettings settings, AtomicInteger attempts,
                Context trace) {
        this.run = run;
        this.step = step;
        this.orchestrator = orchestrator;
        this.settings = settings;
        this.attempts = attempts;
        this.trace = trace;
    }

    /** The same step, acting as the nested orchestrator {@code name}, with its own capabilities and retries. */
    public StepContext asOrchestrator(String name, OrchestratorSettings nestedSettings) {
        return new StepContext(run, step, name, nestedSettings, attempts, trace);
    }

    /**
     * The OpenTelemetry context of this step: its span, child of the run's (or the caller's span context, carried
     * on, when no spans are recorded). Start a step's own spans under it; tool calls run in it.
     */
    public Context traceContext() {
        return trace;
    }

    /** {@code traceparent} and {@code tracestate} of this step's span, as every tool call gets them; computed once. */
    private Map<String, String> traceHeaders() {
        Map<String, String> headers = traceHeaders;
        if (headers == null) {
            headers = RunTracing.w3cHeaders(trace);
            traceHeaders = headers;
        }
        return headers;
    }

    /** The flow the run belongs to (the root orchestrator's, or the runtime's flow name). */
    public String flow() {
        return run.flow();
    }

    /** How the run was started (attempt, in-memory back-off limit, hand-off). */
    public ExecutionOptions options() {
        return run.options();
    }

    /**
     * The run's whole state, for the kinds that drive a run themselves (a saga's steps, a router's hand-off).
     * Internal plumbing: steps use {@link #flow()}, {@link #options()}, {@link #runId()} and {@link #payload()}.
     */
    public RunContext run() {
        return run;
    }

    public String runId() {
        return run.runId();
    }

    public Payload payload() {
        return run.payload();
    }

    public String step() {
        return step;
    }

    public String orchestrator() {
        return orchestrator;
    }

    public OrchestratorContext services() {
        return run.services();
    }

    public Instant now() {
        return run.now();
    }

    /** Tool attempts made by this step so far, retries included. */
    public int attempts() {
        return attempts.get();
    }

    /** A provenance entry for this step, orchestrator and run. */
    public Provenance provenance(String tool, String action, int attempt) {
        return new Provenance(orchestrator, step, tool, action, run.runId(), now(), attempt);
    }

    /**
     * Calls tool {@code toolName} with {@code arguments}: refuses it (audited, before the tool runs) when
     * the orchestrator lacks the tool's capability, applies the per-call time-out, and retries transient
     * failures with the orchestrator's {@code RetryPolicy}, waiting without holding a thread.
     *
     * @return a stage with the completed call; it fails with {@link CapabilityDeniedException},
     *         {@link ToolCallFailedException} (permanent, or transient after the last attempt),
     *         {@link RetryDeferredException} (back-off longer than the run's in-memory limit), or an
     *         {@code UnknownNameException} for a tool that is not registered
     */
    public CompletionStage<CompletedToolCall> call(String toolName, Map<String, Object> arguments) {
        Tool tool;
        try {
            tool = services().tools().get(toolName);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!settings.capabilities().contains(tool.capability())) {
            return refuse(tool);
        }
        int spent = run.options().spentAttempts().getOrDefault(ExecutionOptions.attemptKey(step, toolName), 0);
        return attempt(tool, new ToolCall(run.runId(), orchestrator, step, toolName, spent + 1, arguments, traceHeaders()));
    }

    /**
     * Performs the side effect of tool {@code toolName} at most once per idempotency {@code key}: claims the
     * key in the run's {@link SideEffectLedger}, calls the tool (through {@link #call}, with the key added as
     * the {@code idempotency_key} argument for the receiving system's own de-duplication), and records the
     * id the tool answers in {@code idField} ({@code null}: the tool answers no id; the key stands for it). A key recorded as done earlier (by an earlier attempt, or by
     * another instance before a crash or rebalance) is not performed again: the recorded effect is returned.
     *
     * @return a stage with what was performed; it fails like {@link #call}, with a transient
     *         {@code SideEffectInFlight} while another attempt holds the key, or a permanent
     *         {@code MissingSideEffectId} when the tool answers without {@code idField}
     */
    public CompletionStage<Performed> performOnce(String toolName, String key, Map<String, Object> arguments, String idField) {
        SideEffectLedger ledger = services().sideEffects();
        SideEffectLedger.Claim claim;
        try {
            claim = ledger.claim(runId(), key);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (claim.state() == SideEffectLedger.Claim.State.IN_FLIGHT) {
            return CompletableFuture.failedFuture(new TransientException("SideEffectInFlight",
                    "another attempt is performing " + key + " right now; retry once it has finished", null));
        }
        if (claim.state() == SideEffectLedger.Claim.State.DONE) {
            return CompletableFuture.completedFuture(new Performed(claim.effect(), true, null));
        }
        Map<String, Object> args = new LinkedHashMap<>(arguments);
        args.put("idempotency_key", key);
        return call(toolName, args).handle((done, failure) -> {
            if (failure != null) {
                ledger.released(runId(), key);
                auditFailedSideEffect(toolName, key, failure);
                throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
            }
            Object id = idField == null ? key : done.result().field(idField);
            if (id == null) {
                ledger.released(runId(), key);
                throw new PermanentException("MissingSideEffectId", "tool '" + toolName + "' answered without '"
                        + idField + "': the side effect cannot be recorded or compensated", null);
            }
            SideEffect effect = new SideEffect(key, id.toString(), toolName, now());
            ledger.recorded(runId(), effect);
            return new Performed(effect, false, done);
        });
    }

    /**
     * Audits a side effect whose tool call failed for good ({@code SIDE_EFFECT}, outcome {@code failed}, subject the
     * idempotency key): what the tool answered on its last attempt, so that a replay answers the call the same way.
     */
    private void auditFailedSideEffect(String toolName, String key, Throwable failure) {
        if (!(FailureClassifier.unwrap(failure) instanceof ToolCallFailedException failed) || failed.getCause() == null) {
            return; // not the tool's answer (refused, deferred, in flight): a replay meets the same condition itself
        }
        Throwable last = failed.getCause();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("class", failed.failureClass().wireName());
        error.put("type", failed.type());
        error.put("message", String.valueOf(last.getMessage()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("idempotency_key", key);
        details.put("tool", toolName);
        details.put("step", step);
        // An indeterminate outcome (the remote system may have acted) is not a failure to act: say which it was.
        details.put("outcome", last instanceof IndeterminateOutcomeException ? "indeterminate" : "failed");
        details.put("attempts", failed.attempts());
        details.put("error", error);
        try {
            services().auditStore().append(new AuditRecord(AuditKind.SIDE_EFFECT, run.runId(), run.flow(), orchestrator, key,
                    now(), null, details));
        } catch (RuntimeException auditFailure) {
            failure.addSuppressed(auditFailure);
        }
    }

    /**
     * A side effect {@link #performOnce} performed or found recorded.
     *
     * @param effect   the recorded side effect
     * @param repeated true when it had been performed before and was not performed again
     * @param call     the tool call that performed it now; {@code null} when {@code repeated}
     */
    public record Performed(SideEffect effect, boolean repeated, CompletedToolCall call) {
        /** The attempt of the tool call that performed it (1 when repeated). */
        public int attempt() {
            return call == null ? 1 : call.attempt();
        }

        /**
         * What the tool answered when it performed the side effect now ({@code null} when {@code repeated}):
         * audited with the outcome, so that a replay can answer the call from the record instead of repeating it.
         */
        public Map<String, Object> answer() {
            return call == null ? null : call.result().fields();
        }
    }

    private CompletionStage<CompletedToolCall> refuse(Tool tool) {
        CapabilityDeniedException denied = new CapabilityDeniedException(orchestrator, tool.name(), tool.capability(),
                settings.capabilities());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tool", tool.name());
        details.put("required_capability", tool.capability().name());
        details.put("declared_capabilities", settings.capabilities().stream().map(Enum::name).sorted().toList());
        details.put("step", step);
        details.put("message", denied.getMessage());
        try {
            services().auditStore().append(new AuditRecord(AuditKind.CAPABILITY_REFUSED, run.runId(), run.flow(),
                    orchestrator, tool.name(), now(), null, details));
        } catch (RuntimeException auditFailure) {
            denied.addSuppressed(auditFailure);
        }
        return CompletableFuture.failedFuture(denied);
    }

    private CompletionStage<CompletedToolCall> attempt(Tool tool, ToolCall call) {
        attempts.incrementAndGet();
        Duration timeout = settings.toolTimeout();
        CompletableFuture<ToolResult> answer = new CompletableFuture<>();
        // The time-out runs on the runtime's timer (not the JDK's), so tests that control time control it too.
        Timer.Cancellable timeoutTask = services().timer().schedule(timeout,
                () -> answer.completeExceptionally(new ToolTimeoutException(tool.name(), timeout)));
        OrchestratorMeters.ToolMeter meter = services().meters().tool(tool.name());
        long started = meter.started();
        // A traced call runs in the step's context, so an instrumented client inside the tool joins the trace.
        try (Scope ignored = Span.fromContext(trace).getSpanContext().isValid() ? trace.makeCurrent() : Scope.noop()) {
            tool.invoke(call).whenComplete((result, failure) -> {
                timeoutTask.cancel();
                if (failure == null) {
                    answer.complete(result);
                } else {
                    answer.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            timeoutTask.cancel();
            answer.completeExceptionally(e);
        }
        return answer.handle((result, failure) -> {
                    if (failure == null) {
                        meter.ended(null, started);
                        return CompletableFuture.completedFuture(new CompletedToolCall(call, result));
                    }
                    return afterFailure(tool, call, failure, meter, started);
                })
                .thenCompose(Function.identity());
    }

    private CompletionStage<CompletedToolCall> afterFailure(Tool tool, ToolCall call, Throwable failure,
                                                            OrchestratorMeters.ToolMeter meter, long started) {
        Throwable cause = FailureClassifier.unwrap(failure);
        if (cause instanceof TimeoutException) {
            cause = new ToolTimeoutException(tool.name(), settings.toolTimeout());
        }
        FailureClass failureClass = services().classifier().classify(cause);
        meter.ended(failureClass, started);
        if (failureClass == FailureClass.PERMANENT || !settings.retryPolicy().allowsAnotherAttempt(call.attempt())) {
            return CompletableFuture.failedFuture(
                    new ToolCallFailedException(tool.name(), call.attempt(), failureClass, cause));
        }
        int next = call.attempt() + 1;
        Duration policyDelay = settings.retryPolicy().delayBefore(next, services().random());
        // A delay the remote system asked for (Retry-After) replaces the policy's back-off, like Temporal's nextRetryDelay.
        Duration delay = cause instanceof TransientException te ? te.delayOr(policyDelay) : policyDelay;
        if (delay.compareTo(run.options().maxInMemoryBackoff()) > 0) {
            meter.retried(true);
            return CompletableFuture.failedFuture(new RetryDeferredException(delay, step, tool.name(), next));
        }
        meter.retried(false);
        return services().delays().delay(delay).thenCompose(ignored -> attempt(tool, call.withAttempt(next)));
    }
}
