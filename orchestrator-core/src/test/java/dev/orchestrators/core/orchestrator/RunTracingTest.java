package dev.orchestrators.core.orchestrator;

import static dev.orchestrators.core.tool.Capability.READ;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.ToolCall;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spans of runs and steps (recorded here by an OpenTelemetry SDK into an in-memory exporter) and the W3C trace
 * context every tool call carries: the caller's trace continues through the run, its steps and its tool calls.
 */
class RunTracingTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
    private static final String CALLER_TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01";
    private static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("orchestrator.run_id");

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    private final List<SpanContext> currentDuringCalls = new CopyOnWriteArrayList<>();
    private final FakeTool crm = FakeTool.answering("crm", READ, call -> {
        currentDuringCalls.add(Span.current().getSpanContext());
        return Map.of("lead_id", call.requireString("lead_id"));
    });
    private final FakeTool scorer = FakeTool.returning("scorer", READ, Map.of("score", 42));

    @AfterEach
    void closeSdk() {
        sdk.close();
    }

    private Coordinator leadSync(OpenTelemetry openTelemetry) {
        OrchestratorContext context = OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(crm, scorer))
                .openTelemetry(openTelemetry)
                .build();
        return Coordinator.newBuilder("lead_sync")
                .capabilities(READ)
                .step(Steps.fetch("fetch_lead", "crm", payload -> Map.of("lead_id", payload.get("lead_id")), "lead_id"))
                .step(Steps.of("score", (ctx, input) -> ctx.call("scorer", Map.of())
                        .thenApply(done -> StepOutcome.proceed(input))))
                .build(context);
    }

    private static Payload lead(String runId) {
        return new Payload(runId, Map.of("lead_id", "L-1"));
    }

    /** The context a runtime extracts from a request's {@code traceparent} header. */
    private static Context callersContext() {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of("traceparent", CALLER_TRACEPARENT),
                new TextMapGetter<Map<String, String>>() {
                    @Override
                    public Iterable<String> keys(Map<String, String> carrier) {
                        return carrier.keySet();
                    }

                    @Override
                    public String get(Map<String, String> carrier, String key) {
                        return carrier == null ? null : carrier.get(key);
                    }
                });
    }

    private SpanData span(String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.getFinishedSpanItems()));
    }

    @Test
    void shouldRecordOneSpanPerRunAndOnePerStepWithTheRunIdAsAttribute() {
        // given
        Coordinator coordinator = leadSync(sdk);

        // when
        coordinator.run(lead("run-1"));

        // then
        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
                .containsExactlyInAnyOrder("run lead_sync", "step fetch_lead", "step score");
        assertThat(spans.getFinishedSpanItems()).allSatisfy(s -> assertThat(s.getAttributes().get(RUN_ID)).isEqualTo("run-1"));
        SpanData run = span("run lead_sync");
        assertThat(span("step fetch_lead").getParentSpanId()).isEqualTo(run.getSpanId());
        assertThat(span("step score").getParentSpanId()).isEqualTo(run.getSpanId());
        assertThat(run.getAttributes().get(AttributeKey.stringKey("orchestrator.status"))).isEqualTo("OK");
    }

    @Test
    void shouldContinueTheCallersTraceWhenARuntimeGivesItsContext() {
        // given
        Coordinator coordinator = leadSync(sdk);

        // when
        coordinator.execute(lead("run-1"), ExecutionOptions.forFlow("lead_sync").withTraceParent(callersContext()))
                .toCompletableFuture().join();

        // then
        SpanData run = span("run lead_sync");
        assertThat(run.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(run.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getTraceId).containsOnly(TRACE_ID);
    }

    @Test
    void shouldHandEveryToolCallTheTraceparentOfItsStepAndRunItInTheStepsContext() {
        // given
        Coordinator coordinator = leadSync(sdk);

        // when
        coordinator.execute(lead("run-1"), ExecutionOptions.forFlow("lead_sync").withTraceParent(callersContext()))
                .toCompletableFuture().join();

        // then
        SpanData fetch = span("step fetch_lead");
        assertThat(crm.calls()).singleElement().extracting(ToolCall::traceparent)
                .isEqualTo(java.util.Optional.of("00-" + TRACE_ID + "-" + fetch.getSpanId() + "-01"));
        assertThat(currentDuringCalls).singleElement().satisfies(current -> {
            assertThat(current.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(current.getSpanId()).isEqualTo(fetch.getSpanId());
        });
    }

    @Test
    void shouldMarkTheRunAndStepSpansOfAFailedRunAsErrors() {
        // given
        crm.failPermanently();

        // when
        leadSync(sdk).run(lead("run-1"));

        // then
        assertThat(span("run lead_sync").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span("step fetch_lead").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void shouldPassTheCallersTraceparentToToolsUnchangedWhenNoSpansAreRecorded() {
        // given: only the OpenTelemetry API, no SDK
        Coordinator coordinator = leadSync(OpenTelemetry.noop());

        // when
        coordinator.execute(lead("run-1"), ExecutionOptions.forFlow("lead_sync").withTraceParent(callersContext()))
                .toCompletableFuture().join();

        // then
        assertThat(crm.calls()).singleElement().extracting(ToolCall::traceContext)
                .isEqualTo(Map.of("traceparent", CALLER_TRACEPARENT));
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void shouldGiveToolCallsNoTraceContextOutsideAnyTrace() {
        // when
        leadSync(OpenTelemetry.noop()).run(lead("run-1"));

        // then
        assertThat(crm.calls()).singleElement().satisfies(call -> {
            assertThat(call.traceContext()).isEmpty();
            assertThat(call.traceparent()).isEmpty();
        });
    }
}
