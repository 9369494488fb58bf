package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.errors.CapabilityDeniedException;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.errors.ToolCallFailedException;
import dev.orchestrators.core.errors.ToolTimeoutException;
import dev.orchestrators.core.retry.RetryDeferredException;
import dev.orchestrators.core.tool.CompletedToolCall;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What a {@link Step} sees: the run, the orchestrator that owns the step, and {@link #call}, the only
 * way to reach a tool. Thread-safe: a step may make many calls at once.
 */
public final class StepContext {
    private final RunContext run;
    private final String step;
    private final String orchestrator;
    private final OrchestratorSettings settings;
    private final AtomicInteger attempts;

    StepContext(RunContext run, String step, String orchestrator, OrchestratorSettings settings, AtomicInteger attempts) {
        this.run = run;
        this.step = step;
        this.orchestrator = orchestrator;
        this.settings = settings;
        this.attempts = attempts;
    }

    /** The same step, acting as the nested orchestrator {@code name}, with its own capabilities and retries. */
    public StepContext asOrchestrator(String name, OrchestratorSettings nestedSettings) {
        return new StepContext(run, step, name, nestedSettings, attempts);
    }

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
        return attempt(tool, new ToolCall(run.runId(), orchestrator, step, toolName, spent + 1, arguments));
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
        CompletableFuture<ToolResult> pending;
        try {
            pending = tool.invoke(call).toCompletableFuture().thenApply(Function.identity());
        } catch (RuntimeException e) {
            pending = CompletableFuture.failedFuture(e);
        }
        Duration timeout = settings.toolTimeout();
        return pending.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .handle((result, failure) -> failure == null
                        ? CompletableFuture.completedFuture(new CompletedToolCall(call, result))
                        : afterFailure(tool, call, failure))
                .thenCompose(Function.identity());
    }

    private CompletionStage<CompletedToolCall> afterFailure(Tool tool, ToolCall call, Throwable failure) {
        Throwable cause = FailureClassifier.unwrap(failure);
        if (cause instanceof TimeoutException) {
            cause = new ToolTimeoutException(tool.name(), settings.toolTimeout());
        }
        FailureClass failureClass = services().classifier().classify(cause);
        if (failureClass == FailureClass.PERMANENT || !settings.retryPolicy().allowsAnotherAttempt(call.attempt())) {
            return CompletableFuture.failedFuture(
                    new ToolCallFailedException(tool.name(), call.attempt(), failureClass, cause));
        }
        int next = call.attempt() + 1;
        Duration delay = settings.retryPolicy().delayBefore(next, services().random());
        if (delay.compareTo(run.options().maxInMemoryBackoff()) > 0) {
            return CompletableFuture.failedFuture(new RetryDeferredException(delay, step, tool.name(), next));
        }
        return services().delays().delay(delay).thenCompose(ignored -> attempt(tool, call.withAttempt(next)));
    }
}
