package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.StepRun.StepStatus;
import dev.orchestrators.core.envelope.StepRun;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.internal.RunContext;
import dev.orchestrators.core.monitoring.MonitoringEvent;
import dev.orchestrators.core.retry.RetryDeferredException;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs one step for an orchestrator: records it in {@code metadata.steps}, emits
 * {@code orchestrator.step.<name>}, times it ({@code orchestrator.steps}) in a span of its own, and turns its
 * failure into a {@link StepFailedException} that names it.
 */
final class StepRunner {
    private StepRunner() {
    }

    static CompletionStage<StepOutcome> run(RunContext run, Step step, BaseOrchestrator owner, List<EnvelopeRecord> input) {
        OrchestratorContext services = run.services();
        Span span = services.tracing().startStep(run.traceContext(), step.name(), owner.name(), run.runId());
        StepContext context = run.stepContext(step.name(), owner.name(), owner.settings(),
                RunTracing.with(run.traceContext(), span));
        OrchestratorMeters.StepMeter meter = services.meters().step(owner.name(), step.name());
        long startedNanos = services.meters().now();
        Instant started = run.now();
        CompletionStage<StepOutcome> result;
        try {
            result = step.apply(context, input);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((outcome, failure) -> {
            Throwable cause = failure == null ? null : FailureClassifier.unwrap(failure);
            if (cause instanceof RetryDeferredException deferred) {
                RunTracing.end(span, "DEFERRED", null);
                throw deferred; // the run stops here and resumes later; the step has not ended
            }
            String stepOwner = step instanceof Orchestrator nested ? nested.name() : owner.name();
            StepStatus status = cause != null ? StepStatus.FAILED : outcome.halted() ? StepStatus.HALTED : StepStatus.OK;
            long millis = Duration.between(started, run.now()).toMillis();
            run.recordStep(new StepRun(step.name(), stepOwner, status, context.attempts(), millis));
            meter.ended(status, startedNanos);
            span.setAttribute(RunTracing.ATTEMPTS, (long) context.attempts());
            RunTracing.end(span, status.name(), cause == null ? null
                    : cause instanceof OrchestratorException oe ? oe.type() : cause.getClass().getSimpleName());
            emit(run, owner.name(), step.name(), status, context.attempts(), cause);
            if (cause != null) {
                String type = cause instanceof OrchestratorException oe ? oe.type() : cause.getClass().getSimpleName();
                throw new StepFailedException(step.name(), classify(run, cause), type, cause);
            }
            return outcome;
        });
    }

    /** An orchestrator exception was classified where it arose; only foreign exceptions go to the classifier. */
    static dev.orchestrators.core.errors.FailureClass classify(RunContext run, Throwable cause) {
        return cause instanceof OrchestratorException oe ? oe.failureClass() : run.services().classifier().classify(cause);
    }

    private static void emit(RunContext run, String owner, String step, StepStatus status, int attempts, Throwable failure) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("status", status.name());
        attributes.put("attempts", attempts);
        if (failure != null) {
            attributes.put("error_type", failure instanceof OrchestratorException oe ? oe.type() : failure.getClass().getSimpleName());
        }
        run.services().monitoring().logEvent(new MonitoringEvent(MonitoringEvent.step(step), run.runId(), owner,
                run.now(), attributes));
    }
}
