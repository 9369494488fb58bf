package dev.orchestrators.core.kinds.aggregator;

import static dev.orchestrators.core.tool.Capability.READ;
import static dev.orchestrators.core.tool.Capability.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.retry.RetryDeferredException;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.time.ManualTime;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.core.tool.Tools;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** How an aggregator degrades: partial envelopes, its deadline, failed runs and what gets audited. */
class AggregatorFailureTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Payload PAYLOAD = new Payload("run-1", Map.of("email", "ada@example.com"));

    private final ManualTime time = ManualTime.startingAt(T0);
    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final FakeTool crm = FakeTool.returning("crm", READ, Map.of("lead_id", "L-1", "name", "Ada"));
    private final FakeTool vectors = FakeTool.returning("vector_search", READ, Map.of("lead_id", "L-2"));

    private OrchestratorContext context(Tool... tools) {
        return OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(tools))
                .time(time)
                .auditStore(audit)
                .random(() -> 0.5)
                .build();
    }

    private static Aggregator.Builder leads() {
        return Aggregator.newBuilder("lead_search")
                .source("crm", "crm", p -> Map.of("email", p.get("email")), "lead_id")
                .source("vectors", "vector_search", p -> Map.of("query", p.get("email")), "lead_id");
    }

    private CompletableFuture<Envelope> start(Aggregator aggregator) {
        return aggregator.execute(PAYLOAD, ExecutionOptions.defaults()).toCompletableFuture();
    }

    @Test
    void shouldMarkEnvelopePartialNamingTheSourceThatFailed() {
        // given
        vectors.failPermanently();
        Aggregator aggregator = leads().build(context(crm, vectors));

        // when
        Envelope envelope = aggregator.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.PARTIAL).hasRecordKeys("L-1");
        assertThat(envelope.metadata().partial()).isTrue();
        assertThat(envelope.metadata().reason()).isEqualTo("1 of 2 sources failed: vectors (BadRequest)");
        assertThat(envelope.metadata().details().get("sources")).isEqualTo(Map.of(
                "crm", Map.of("status", "ok", "records", 1),
                "vectors", Map.of("status", "failed", "records", 0, "error", Map.of("type", "BadRequest",
                        "message", "tool 'vector_search' failed permanently after 1 attempt: fake vector_search rejected the call"))));
        assertThat(vectors.callCount()).isEqualTo(1);
    }

    @Test
    void shouldMarkEnvelopePartialNamingTheSourceThatTimedOut() {
        // given a vector search that hangs
        vectors.neverAnswer();
        Aggregator aggregator = leads().timeout(Duration.ofSeconds(5)).build(context(crm, vectors));

        // when
        CompletableFuture<Envelope> result = start(aggregator);
        time.advance(Duration.ofSeconds(4));
        assertThat(result).isNotDone();
        time.advance(Duration.ofSeconds(1));

        // then
        Envelope envelope = result.join();
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.PARTIAL).hasRecordKeys("L-1");
        assertThat(envelope.metadata().reason()).isEqualTo("1 of 2 sources failed: vectors (timed out after 5000 ms)");
        assertThat(envelope.metadata().details().get("sources")).isEqualTo(Map.of(
                "crm", Map.of("status", "ok", "records", 1),
                "vectors", Map.of("status", "timed_out", "records", 0)));
        assertThat(envelope.metadata().finishedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void shouldIgnoreAnAnswerThatArrivesAfterTheDeadline() {
        // given a vector search the test answers by hand, too late
        CompletableFuture<ToolResult> late = new CompletableFuture<>();
        Tool slow = Tools.async("vector_search", READ, call -> late);
        Aggregator aggregator = leads().build(context(crm, slow));
        CompletableFuture<Envelope> result = start(aggregator);
        time.advance(Aggregator.DEFAULT_TIMEOUT);
        Envelope atDeadline = result.join();

        // when
        late.complete(ToolResult.of(Map.of("lead_id", "L-2")));

        // then
        EnvelopeAssert.assertThat(atDeadline).hasStatus(RunStatus.PARTIAL).hasRecordKeys("L-1");
        assertThat(result.join()).isSameAs(atDeadline);
        assertThat(audit.envelopes()).singleElement().extracting(AuditRecord::envelope).isEqualTo(atDeadline);
        assertThat(time.pendingDueTimes()).as("the tool's own time-out is cancelled by the late answer").isEmpty();
    }

    @Test
    void shouldFailTransientlyWithTheSourcesReportWhenNoSourceAnswersInTime() {
        // given one source that rejects the call and one that hangs
        crm.failPermanently();
        vectors.neverAnswer();
        Aggregator aggregator = leads().build(context(crm, vectors));

        // when
        CompletableFuture<Envelope> result = start(aggregator);
        time.advance(Aggregator.DEFAULT_TIMEOUT);

        // then a time-out may pass on retry: the failure is transient
        Envelope envelope = result.join();
        EnvelopeAssert.assertThat(envelope)
                .failedWith(FailureClass.TRANSIENT, SourcesFailedException.ALL_SOURCES_FAILED, "lead_search").hasRecordKeys();
        assertThat(envelope.metadata().error().message())
                .isEqualTo("2 of 2 sources failed: crm (BadRequest), vectors (timed out after 10000 ms)");
        assertThat(envelope.metadata().details().get("sources")).isEqualTo(Map.of(
                "crm", Map.of("status", "failed", "records", 0, "error", Map.of("type", "BadRequest",
                        "message", "tool 'crm' failed permanently after 1 attempt: fake crm rejected the call")),
                "vectors", Map.of("status", "timed_out", "records", 0)));
        assertThat(audit.envelopes()).singleElement().extracting(AuditRecord::envelope).isEqualTo(envelope);
    }

    @Test
    void shouldFailPermanentlyWhenEverySourceFailsPermanently() {
        // given
        crm.failPermanently();
        vectors.failPermanently();
        Aggregator aggregator = leads().build(context(crm, vectors));

        // when
        Envelope envelope = aggregator.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope)
                .failedWith(FailureClass.PERMANENT, SourcesFailedException.ALL_SOURCES_FAILED, "lead_search");
        assertThat(envelope.metadata().error().retryable()).isFalse();
    }

    @Test
    void shouldRetryATransientSourceAndFailTransientlyOnlyAfterItsLastAttempt() {
        // given a crm down for all three attempts and a rejecting vector search
        crm.failTransiently(3);
        vectors.failPermanently();
        Aggregator aggregator = leads().build(context(crm, vectors));

        // when
        CompletableFuture<Envelope> result = start(aggregator);
        time.advance(Duration.ofSeconds(1)); // past both back-offs (100 ms, 200 ms)

        // then
        assertThat(crm.calls()).extracting(c -> c.attempt()).containsExactly(1, 2, 3);
        EnvelopeAssert.assertThat(result.join())
                .failedWith(FailureClass.TRANSIENT, SourcesFailedException.ALL_SOURCES_FAILED, "lead_search");
    }

    @Test
    void shouldFailTheRunWhenASourceFailsAndAllSourcesAreRequired() {
        // given
        vectors.failPermanently();
        Aggregator aggregator = leads().requireAll().build(context(crm, vectors));

        // when
        Envelope envelope = aggregator.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope)
                .failedWith(FailureClass.PERMANENT, SourcesFailedException.REQUIRED_SOURCE_FAILED, "lead_search");
        assertThat(envelope.metadata().error().message()).contains("vectors (BadRequest)", "requires all sources");
        assertThat(envelope.metadata().details()).containsKey("sources");
    }

    @Test
    void shouldStopTheRunOnACapabilityRefusalRatherThanCountItAsAFailedSource() {
        // given a source whose tool writes, in a read-only aggregator
        FakeTool writer = FakeTool.returning("vector_search", WRITE, Map.of("lead_id", "L-2"));
        Aggregator aggregator = leads().build(context(crm, writer));

        // when
        Envelope envelope = aggregator.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "CapabilityDenied", "lead_search");
        assertThat(writer.calls()).isEmpty();
        List<AuditRecord> refusals = audit.records().stream().filter(r -> r.kind() == AuditKind.CAPABILITY_REFUSED).toList();
        assertThat(refusals).singleElement().extracting(AuditRecord::subject).isEqualTo("vector_search");
    }

    @Test
    void shouldLetARetryDeferralPropagateInsteadOfReturningAPartialEnvelope() {
        // given a runtime that waits at most 1 ms in memory, and a source failing once (100 ms back-off)
        vectors.failTransiently(1);
        Aggregator aggregator = leads().build(context(crm, vectors));
        ExecutionOptions options = ExecutionOptions.defaults().withMaxInMemoryBackoff(Duration.ofMillis(1));

        // when
        CompletableFuture<Envelope> result = aggregator.execute(PAYLOAD, options).toCompletableFuture();

        // then
        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(result::join).hasRootCauseInstanceOf(RetryDeferredException.class);
        assertThat(time.pendingDueTimes()).as("the fan-out deadline is cancelled").isEmpty();
    }
}
