package dev.orchestrators.streams.internals.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.Tools;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.samples.SupportTriageSample;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.config.RequestLimits;
import dev.orchestrators.testkit.FlowTestDriver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * W3C trace context through a flow's real topology. A request's {@code traceparent} continues in a span per attempt
 * ({@code process <topic>}), the run's span and a span per step; the envelope, its audit records and a dead letter
 * name the attempt's span as parent, in the request's trace. Without an SDK nothing is recorded and the request's
 * trace context is passed on as it came.
 */
class TraceContextTopologyTest {
    private static final String FLOW = "probe";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
    private static final String CALLER_TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01";
    private static final String TRACESTATE = "vendor=opaque";
    private static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("orchestrator.run_id");

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    private final List<ToolCall> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    /** Two steps: "fetch" calls the tool ("count" records, failing transiently while failuresLeft > 0), "mark" does not. */
    private final Flow probe = Flow.newBuilder(FLOW).tools(InMemoryToolContainer.of(Tools.inMemory("work", Capability.READ, call -> {
                calls.add(call);
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new dev.orchestrators.core.errors.TransientException("busy");
                }
                int count = ((Number) call.arguments().getOrDefault("count", 1)).intValue();
                return Map.of("records", java.util.stream.IntStream.range(0, count).mapToObj(i -> Map.of("id", "r" + i)).toList());
            })))
            .orchestrator(ctx -> Coordinator.newBuilder(FLOW).capabilities(Capability.READ)
                    .retryPolicy(RetryPolicy.newBuilder().maxAttempts(2).initialDelay(Duration.ofSeconds(10))
                            .maxDelay(Duration.ofSeconds(10)).jitter(0).build())
                    .step(Steps.fetch("fetch", "work", p -> p.data(), "id"))
                    .step(Steps.of("mark", (step, input) -> java.util.concurrent.CompletableFuture.completedFuture(
                            StepOutcome.proceed(input))))
                    .build(ctx))
            .build();
    private FlowTestDriver flow;

    @AfterEach
    void close() {
        if (flow != null) {
            flow.close();
        }
        sdk.close();
    }

    private FlowTestDriver start(OpenTelemetry openTelemetry) {
        flow = FlowTestDriver.newBuilder(probe)
                .context(OrchestratorContext.newBuilder().openTelemetry(openTelemetry).build())
                .limits(new RequestLimits(2_000, 64, 32, 8, 1_024, 8, 3, 5_000))
                .build();
        return flow;
    }

    private void send(String json, boolean traced) {
        RecordHeaders headers = new RecordHeaders();
        if (traced) {
            headers.add(Headers.TRACEPARENT, utf8(CALLER_TRACEPARENT));
            headers.add(Headers.TRACESTATE, utf8(TRACESTATE));
        }
        flow.requests().pipeInput(new TestRecord<>("k", json, headers, (Instant) null));
    }

    private SpanData span(String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.getFinishedSpanItems()));
    }

    @Test
    void shouldNameTheAttemptsSpanAsParentOnTheEnvelopeAndEveryAuditRecordInTheRequestsTrace() {
        // given
        start(sdk);

        // when
        send("{\"run_id\":\"run-1\",\"payload\":{\"count\":1}}", true);

        // then
        SpanData process = span("process probe.requests");
        String ours = "00-" + TRACE_ID + "-" + process.getSpanId() + "-01";
        TestRecord<String, Envelope> envelope = flow.results().readRecord();
        assertThat(Headers.lastValue(envelope.headers(), Headers.TRACEPARENT)).isEqualTo(ours);
        assertThat(Headers.lastValue(envelope.headers(), Headers.TRACESTATE)).isEqualTo(TRACESTATE);
        List<TestRecord<String, AuditRecord>> audit = flow.audit().readRecordsToList();
        assertThat(audit).isNotEmpty().allSatisfy(entry ->
                assertThat(Headers.lastValue(entry.headers(), Headers.TRACEPARENT)).isEqualTo(ours));
    }

    @Test
    void shouldRecordASpanPerAttemptRunAndStepEachWithTheRunId() {
        // given
        start(sdk);

        // when
        send("{\"run_id\":\"run-1\",\"payload\":{\"count\":1}}", true);

        // then
        SpanData process = span("process probe.requests");
        SpanData run = span("run probe");
        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
                .containsExactlyInAnyOrder("process probe.requests", "run probe", "step fetch", "step mark");
        assertThat(spans.getFinishedSpanItems()).allSatisfy(s -> {
            assertThat(s.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(s.getAttributes().get(RUN_ID)).isEqualTo("run-1");
        });
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
        assertThat(run.getParentSpanId()).isEqualTo(process.getSpanId());
        assertThat(span("step fetch").getParentSpanId()).isEqualTo(run.getSpanId());
        assertThat(span("step mark").getParentSpanId()).isEqualTo(run.getSpanId());
    }

    @Test
    void shouldHandTheToolTheTraceparentOfTheStepThatCallsIt() {
        // given
        start(sdk);

        // when
        send("{\"run_id\":\"run-1\",\"payload\":{\"count\":1}}", true);

        // then
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.traceparent()).contains("00-" + TRACE_ID + "-" + span("step fetch").getSpanId() + "-01");
            assertThat(call.traceContext()).containsEntry(Headers.TRACESTATE, TRACESTATE);
        });
    }

    @Test
    void shouldStartANewTraceForARequestWithoutTraceparentAndWriteItOnTheEnvelope() {
        // given
        start(sdk);

        // when
        send("{\"run_id\":\"run-1\",\"payload\":{\"count\":1}}", false);

        // then
        SpanData process = span("process probe.requests");
        assertThat(process.getParentSpanContext().isValid()).as("a root span").isFalse();
        assertThat(Headers.lastValue(flow.results().readRecord().headers(), Headers.TRACEPARENT))
                .startsWith("00-" + process.getTraceId() + "-" + process.getSpanId() + "-"); // flags: sampled, and random id
    }

    @Test
    void shouldGiveEachAttemptOfAParkedRunItsOwnSpanInTheRequestsTrace() {
        // given: the first call fails transiently and its 10 s back-off parks the run
        start(sdk);
        failuresLeft.set(1);
        send("{\"run_id\":\"run-1\",\"payload\":{\"count\":1}}", true);
        flow.tick(Duration.ofMillis(10));

        // when the back-off has passed
        flow.tick(Duration.ofSeconds(11));

        // then
        List<SpanData> attempts = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("process probe.requests")).toList();
        assertThat(attempts).hasSize(2).allSatisfy(a -> assertThat(a.getParentSpanId()).isEqualTo(CALLER_SPAN_ID));
        assertThat(attempts).extracting(a -> a.getAttributes().get(AttributeKey.stringKey("orchestrator.outcome")))
                .containsExactly("parked", "answered");
        assertThat(Headers.lastValue(flow.results().readRecord().headers(), Headers.TRACEPARENT))
                .isEqualTo("00-" + TRACE_ID + "-" + attempts.get(1).getSpanId() + "-01");
    }

    @Test
    void shouldCarryTheTraceToTheDeadLetterOfARunThatCannotBeAnswered() {
        // given
        start(sdk);

        // when: an answer with more records than an envelope may carry
        send("{\"run_id\":\"many\",\"payload\":{\"count\":5}}", true);

        // then
        SpanData process = span("process probe.requests");
        var deadLetter = flow.deadLetters().readRecord();
        assertThat(Headers.lastValue(deadLetter.headers(), Headers.TRACEPARENT))
                .isEqualTo("00-" + TRACE_ID + "-" + process.getSpanId() + "-01");
        assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void shouldKeepTheTraceparentOfARequestThatCannotBeRead() {
        // given
        start(sdk);
        var raw = flow.driver().createInputTopic(FLOW + ".requests", new ByteArraySerializer(), new ByteArraySerializer());
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.TRACEPARENT, utf8(CALLER_TRACEPARENT));

        // when
        raw.pipeInput(new TestRecord<>(utf8("k"), utf8("{not json"), headers, (Instant) null));

        // then
        assertThat(Headers.lastValue(flow.deadLetters().readRecord().headers(), Headers.TRACEPARENT)).isEqualTo(CALLER_TRACEPARENT);
    }

    @Test
    void shouldPassTheRequestsTraceContextOnUnchangedWhenNoSpansAreRecorded() {
        // given: only the OpenTelemetry API
        start(OpenTelemetry.noop());

        // when
        send("{\"run_id\":\"run-1\",\"payload\":{\"count\":1}}", true);

        // then
        TestRecord<String, Envelope> envelope = flow.results().readRecord();
        assertThat(Headers.lastValue(envelope.headers(), Headers.TRACEPARENT)).isEqualTo(CALLER_TRACEPARENT);
        assertThat(Headers.lastValue(envelope.headers(), Headers.TRACESTATE)).isEqualTo(TRACESTATE);
        assertThat(flow.audit().readRecordsToList()).allSatisfy(entry ->
                assertThat(Headers.lastValue(entry.headers(), Headers.TRACEPARENT)).isEqualTo(CALLER_TRACEPARENT));
        assertThat(calls).singleElement().satisfies(call -> assertThat(call.traceparent()).contains(CALLER_TRACEPARENT));
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void shouldWriteNoTraceparentForARequestWithoutOneWhenNoSpansAreRecorded() {
        // given
        start(OpenTelemetry.noop());

        // when
        send("{\"run_id\":\"run-1\",\"payload\":{\"count\":1}}", false);

        // then
        assertThat(flow.results().readRecord().headers().lastHeader(Headers.TRACEPARENT)).isNull();
        assertThat(calls).singleElement().satisfies(call -> assertThat(call.traceContext()).isEmpty());
    }

    @Test
    void shouldContinueTheTraceInTheRequestARouterPassesOn() {
        // given
        try (FlowTestDriver router = FlowTestDriver.newBuilder(SupportTriageSample.router(SampleEnvironment.immediate()))
                .context(OrchestratorContext.newBuilder().openTelemetry(sdk).build()).build()) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(Headers.TRACEPARENT, utf8(CALLER_TRACEPARENT));

            // when
            router.requests().pipeInput(new TestRecord<>("ada@acme.example", "{\"run_id\":\"r-1\",\"payload\":{"
                    + "\"from\":\"ada@acme.example\",\"subject\":\"Pricing\",\"body\":\"a quote please\"}}", headers, (Instant) null));
            router.tick(Duration.ofMillis(10));

            // then
            SpanData process = span("process support_triage.requests");
            var passed = router.topic(TopicNames.requests("lead_intake")).readRecord();
            assertThat(Headers.lastValue(passed.headers(), Headers.TRACEPARENT))
                    .isEqualTo("00-" + TRACE_ID + "-" + process.getSpanId() + "-01");
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
