package dev.orchestrators.core.orchestrator;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The spans of runs ({@code run <orchestrator>}) and steps ({@code step <step>}) through the OpenTelemetry API,
 * each with the run id as attribute {@value #RUN_ID_KEY}.
 *
 * <p>With the no-op {@link OpenTelemetry} (the default) nothing is recorded and nothing is allocated for a run
 * without a trace; a run whose parent context carries a span context keeps it, so tool calls and the runtime's
 * outputs pass the caller's trace on unchanged. Thread-safe.
 */
final class RunTracing {
    static final String SCOPE = "dev.orchestrators.core";
    static final String RUN_ID_KEY = "orchestrator.run_id";
    static final AttributeKey<String> RUN_ID = AttributeKey.stringKey(RUN_ID_KEY);
    static final AttributeKey<String> FLOW = AttributeKey.stringKey("orchestrator.flow");
    static final AttributeKey<String> ORCHESTRATOR = AttributeKey.stringKey("orchestrator.name");
    static final AttributeKey<String> KIND = AttributeKey.stringKey("orchestrator.kind");
    static final AttributeKey<String> STEP = AttributeKey.stringKey("orchestrator.step");
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("orchestrator.status");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("orchestrator.attempt");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("orchestrator.step.attempts");

    static final RunTracing NONE = new RunTracing(null);

    private final Tracer tracer;

    private RunTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    static RunTracing of(OpenTelemetry openTelemetry) {
        return openTelemetry == OpenTelemetry.noop() ? NONE : new RunTracing(openTelemetry.getTracer(SCOPE));
    }

    /** The span of one execution of a run, child of {@code parent}'s span (a new trace when there is none). */
    Span startRun(Context parent, String flow, String orchestrator, String kind, String runId, int attempt) {
        if (tracer == null) {
            return propagated(parent);
        }
        return tracer.spanBuilder("run " + orchestrator).setParent(parent)
                .setAttribute(RUN_ID, runId).setAttribute(FLOW, flow).setAttribute(ORCHESTRATOR, orchestrator)
                .setAttribute(KIND, kind).setAttribute(ATTEMPT, (long) attempt).startSpan();
    }

    /** The span of one step, child of the run's. */
    Span startStep(Context run, String step, String orchestrator, String runId) {
        if (tracer == null) {
            return propagated(run);
        }
        return tracer.spanBuilder("step " + step).setParent(run)
                .setAttribute(RUN_ID, runId).setAttribute(STEP, step).setAttribute(ORCHESTRATOR, orchestrator).startSpan();
    }

    /** Not recording: the parent's span context, carried on (never the parent span itself, which is not ours to end). */
    private static Span propagated(Context parent) {
        Span span = Span.fromContext(parent);
        return span.getSpanContext().isValid() ? Span.wrap(span.getSpanContext()) : Span.getInvalid();
    }

    /** {@code parent} with {@code span} in it (just {@code parent} when there is no span). */
    static Context with(Context parent, Span span) {
        return span == Span.getInvalid() ? parent : parent.with(span);
    }

    /**
     * Ends {@code span} with {@code status} (an envelope or step status, or what happened instead, such as
     * {@code DEFERRED}); {@code error}, when not {@code null}, marks it failed with that error type.
     */
    static void end(Span span, String status, String error) {
        if (!span.isRecording()) {
            return;
        }
        span.setAttribute(STATUS, status);
        if (error != null) {
            span.setStatus(StatusCode.ERROR, error);
        }
        span.end();
    }

    /** The W3C Trace Context headers ({@code traceparent}, {@code tracestate}) of {@code context}'s span; empty without one. */
    static Map<String, String> w3cHeaders(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(context, headers, Map::put);
        return Map.copyOf(headers);
    }
}
