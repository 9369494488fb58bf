package dev.orchestrators.streams.internals.observability;

import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.internals.engine.PendingRequest;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The span of each attempt a task's engine runs: {@code process <topic>} (kind CONSUMER), a child of the
 * {@code traceparent} its request carried (a new trace when it carried none), the parent of the orchestrator's
 * run span, and the span every output the attempt writes names in its own {@code traceparent}: envelope, audit
 * records, dead letter, routed request, compensation commands.
 *
 * <p>With the no-op OpenTelemetry nothing is recorded: a request's trace context is carried on unchanged (its
 * {@code traceparent} reaches the tools and the outputs as it came), and a request without one costs nothing.
 * Confined to the stream thread.
 */
public final class AttemptSpans {
    static final String SCOPE = "dev.orchestrators.streams";
    private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("orchestrator.run_id");
    private static final AttributeKey<String> FLOW = AttributeKey.stringKey("orchestrator.flow");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("orchestrator.attempt");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("orchestrator.outcome");
    private static final TextMapGetter<Map<String, String>> CARRIED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final String flow;
    private final String topic;
    private final Map<Long, Span> open = new HashMap<>();
    private Span completing = Span.getInvalid();
    private boolean completingDeadLettered;

    private AttemptSpans(Tracer tracer, String flow, String topic) {
        this.tracer = tracer;
        this.flow = flow;
        this.topic = topic;
    }

    /** The attempt spans of a task of {@code flow} reading {@code topic}, recorded through {@code openTelemetry}. */
    public static AttemptSpans of(OpenTelemetry openTelemetry, String flow, String topic) {
        return new AttemptSpans(openTelemetry == OpenTelemetry.noop() ? null : openTelemetry.getTracer(SCOPE), flow, topic);
    }

    /** Starts the span of an attempt at input offset {@code seq}; returns the context its run runs in. */
    public Context start(long seq, PendingRequest pending) {
        Context parent = pending.carried().containsKey(Headers.TRACEPARENT)
                ? W3CTraceContextPropagator.getInstance().extract(Context.root(), pending.carried(), CARRIED) : Context.root();
        Span span;
        if (tracer == null) {
            SpanContext carried = Span.fromContext(parent).getSpanContext();
            if (!carried.isValid()) {
                return Context.root();
            }
            span = Span.wrap(carried);
        } else {
            span = tracer.spanBuilder("process " + topic).setSpanKind(SpanKind.CONSUMER).setParent(parent)
                    .setAttribute(MESSAGING_SYSTEM, "kafka").setAttribute(DESTINATION, topic).setAttribute(OPERATION, "process")
                    .setAttribute(FLOW, flow).setAttribute(RUN_ID, pending.runId()).setAttribute(ATTEMPT, (long) pending.attempt())
                    .startSpan();
        }
        open.put(seq, span);
        return parent.with(span);
    }

    /** The attempt at {@code seq} has ended: what is written now names its span, until {@link #completed}. */
    public void completing(long seq) {
        Span span = open.isEmpty() ? null : open.remove(seq); // no trace, no span: nothing to look up
        completing = span == null ? Span.getInvalid() : span;
    }

    /** The attempt whose outputs were just written ended with {@code outcome} (unless it was dead-lettered). */
    public void completed(String outcome) {
        end(completing, completingDeadLettered ? "dead_lettered" : outcome);
        completing = Span.getInvalid();
        completingDeadLettered = false;
    }

    /** The attempt being completed was dead-lettered: its span is an error. */
    public void deadLettered(Throwable reason) {
        completingDeadLettered = true;
        if (completing.isRecording()) {
            completing.setStatus(StatusCode.ERROR, reason.getClass().getSimpleName());
        }
    }

    /**
     * Adds the trace context outputs of {@code pending} carry: the completing attempt's span, or, outside an attempt,
     * the context the request came with.
     */
    public void addHeaders(PendingRequest pending, RecordHeaders headers) {
        if (completing.getSpanContext().isValid()) {
            W3CTraceContextPropagator.getInstance().inject(Context.root().with(completing), headers,
                    (carrier, name, value) -> carrier.add(name, Headers.utf8(value)));
            return;
        }
        String traceparent = pending.carried().get(Headers.TRACEPARENT);
        if (traceparent != null) {
            headers.add(Headers.TRACEPARENT, Headers.utf8(traceparent));
            String tracestate = pending.carried().get(Headers.TRACESTATE);
            if (tracestate != null) {
                headers.add(Headers.TRACESTATE, Headers.utf8(tracestate));
            }
        }
    }

    /** The task closes: attempts still open end here; the next owner runs them again. */
    public void close() {
        open.values().forEach(span -> end(span, "handed_over"));
        open.clear();
    }

    private static void end(Span span, String outcome) {
        if (span.isRecording()) {
            span.setAttribute(OUTCOME, outcome);
            span.end();
        }
    }
}
