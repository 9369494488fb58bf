package dev.orchestrators.core.kinds.enricher;

import static dev.orchestrators.core.tool.Capability.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.retry.RetryDeferredException;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.core.tool.Tools;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The Enricher run on its own, reading {@code payload.records}. */
class EnricherTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final RecordingDelays delays = new RecordingDelays();
    private final FakeTool lookup = FakeTool.answering("company_lookup", READ, call -> {
        if ("L-2".equals(call.argument("key"))) {
            throw new PermanentException("UnknownDomain", "no company for " + call.argument("company_domain"), null);
        }
        Map<String, Object> company = new LinkedHashMap<>();
        company.put("name", "OVERWRITTEN");
        company.put("company_name", "Acme Inc.");
        company.put("industry", "software");
        return company;
    });

    private OrchestratorContext context(Tool tool) {
        return OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(tool))
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .delays(delays)
                .random(() -> 0.5)
                .build();
    }

    private static Map<String, Object> record(String key, String name) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("company_domain", "acme.example");
        return Map.of("key", key, "fields", fields);
    }

    private static Payload records(String runId, Map<?, ?>... records) {
        return new Payload(runId, Map.of("records", List.of(records)));
    }

    @Test
    void shouldAddToolFieldsWithoutOverwritingOriginalFields() {
        // given
        Enricher enricher = Enricher.newBuilder("company_lookup").build(context(lookup));

        // when
        Envelope envelope = enricher.run(records("run-1", record("L-1", "Ada")));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("L-1")
                .everyRecordLastTouchedBy("enricher", "enricher", "enriched");
        assertThat(envelope.records().get(0).fields()).containsExactly(
                Map.entry("name", "Ada"), Map.entry("company_domain", "acme.example"),
                Map.entry("company_name", "Acme Inc."), Map.entry("industry", "software"));
    }

    @Test
    void shouldCallTheToolWithTheRecordsFieldsAndKeyByDefault() {
        // given
        Enricher enricher = Enricher.newBuilder("company_lookup").build(context(lookup));

        // when
        enricher.run(records("run-1", record("L-1", "Ada")));

        // then
        assertThat(lookup.calls()).containsExactly(new ToolCall("run-1", "enricher", "enricher", "company_lookup", 1,
                Map.of("name", "Ada", "company_domain", "acme.example", "key", "L-1")));
    }

    @Test
    void shouldRecordReceivedAndEnrichedProvenanceWithTheSucceedingAttempt() {
        // given a lookup that fails once
        lookup.failTransiently(1);
        Enricher enricher = Enricher.newBuilder("company_lookup").build(context(lookup));

        // when
        Envelope envelope = enricher.run(records("run-1", record("L-1", "Ada")));

        // then
        assertThat(envelope.records().get(0).provenance()).containsExactly(
                new Provenance("enricher", "input", null, "received", "run-1", T0, 1),
                new Provenance("enricher", "enricher", "company_lookup", "enriched", "run-1", T0, 2));
        assertThat(delays.delays()).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void shouldKeepInputOrderWhenAnswersArriveInReverseOrder() {
        // given a lookup whose answers the test completes by hand
        Map<String, CompletableFuture<ToolResult>> pending = new ConcurrentHashMap<>();
        Tool slow = Tools.async("company_lookup", READ, call -> pending.computeIfAbsent(call.requireString("key"),
                k -> new CompletableFuture<>()));
        Enricher enricher = Enricher.newBuilder("company_lookup").build(context(slow));

        // when
        CompletableFuture<Envelope> result = enricher.execute(
                records("run-1", record("L-1", "Ada"), record("L-2", "Grace"), record("L-3", "Alan")),
                ExecutionOptions.defaults()).toCompletableFuture();
        assertThat(pending).containsOnlyKeys("L-1", "L-2", "L-3");
        assertThat(result).isNotDone();
        for (String key : List.of("L-3", "L-2", "L-1")) {
            pending.get(key).complete(ToolResult.of(Map.of("rank", key)));
        }

        // then
        Envelope envelope = result.join();
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("L-1", "L-2", "L-3");
        assertThat(envelope.records()).extracting(r -> r.field("rank")).containsExactly("L-1", "L-2", "L-3");
    }

    @Test
    void shouldFailTheRunWhenOneRecordCannotBeEnrichedByDefault() {
        // given
        Enricher enricher = Enricher.newBuilder("company_lookup").build(context(lookup));

        // when
        Envelope envelope = enricher.run(records("run-1", record("L-1", "Ada"), record("L-2", "Grace")));

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "UnknownDomain", "enricher").hasRecordKeys();
        assertThat(lookup.callCount()).isEqualTo(2);
    }

    @Test
    void shouldPassAFailedRecordOnUnchangedAndMarkTheEnvelopePartialWhenAllowed() {
        // given
        Enricher enricher = Enricher.newBuilder("company_lookup").allowPartial().build(context(lookup));

        // when
        Envelope envelope = enricher.run(records("run-1", record("L-1", "Ada"), record("L-2", "Grace"), record("L-3", "Alan")));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.PARTIAL).hasRecordKeys("L-1", "L-2", "L-3");
        assertThat(envelope.metadata().partial()).isTrue();
        assertThat(envelope.metadata().reason()).isEqualTo("1 of 3 records could not be enriched");
        EnvelopeRecord failed = envelope.records().get(1);
        assertThat(failed.fields()).isEqualTo(Map.of("name", "Grace", "company_domain", "acme.example"));
        assertThat(failed.provenance()).extracting(Provenance::action).containsExactly("received", "enrichment_failed");
        assertThat(failed.provenance().get(1)).isEqualTo(
                new Provenance("enricher", "enricher", "company_lookup", "enrichment_failed", "run-1", T0, 1));
        assertThat(envelope.records().get(0).field("company_name")).isEqualTo("Acme Inc.");
        assertThat(envelope.records().get(2).field("company_name")).isEqualTo("Acme Inc.");
    }

    @Test
    void shouldUseCustomArgumentsMapping() {
        // given
        Enricher enricher = Enricher.newBuilder("company_lookup").name("company_enricher")
                .arguments(r -> Map.of("domain", r.field("company_domain")))
                .build(context(lookup));

        // when
        Envelope envelope = enricher.run(records("run-1", record("L-1", "Ada")));

        // then
        assertThat(lookup.calls()).extracting(ToolCall::orchestrator, ToolCall::step, ToolCall::arguments)
                .containsExactly(tuple("company_enricher", "company_enricher",
                        Map.of("domain", "acme.example")));
        assertThat(envelope.metadata().orchestrator()).isEqualTo("company_enricher");
    }

    @Test
    void shouldRejectAPayloadWithoutRecordsBeforeCallingTheTool() {
        // given
        Enricher enricher = Enricher.newBuilder("company_lookup").build(context(lookup));

        // when
        Envelope envelope = enricher.run(new Payload("run-1", Map.of("lead_id", "L-1")));

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "InvalidPayload", null);
        assertThat(envelope.metadata().error().message()).contains("'records'");
        assertThat(lookup.calls()).isEmpty();
    }

    @Test
    void shouldLetARetryDeferralPropagateEvenWhenPartialResultsAreAllowed() {
        // given a runtime that waits at most 1 ms in memory, and a lookup failing once (100 ms back-off)
        lookup.failTransiently(1);
        Enricher enricher = Enricher.newBuilder("company_lookup").allowPartial().build(context(lookup));
        ExecutionOptions options = ExecutionOptions.defaults().withMaxInMemoryBackoff(Duration.ofMillis(1));

        // when
        CompletableFuture<Envelope> result = enricher.execute(records("run-1", record("L-1", "Ada")), options)
                .toCompletableFuture();

        // then a deferral is not a failed record: the run must stop so the runtime can resume it
        assertThat(result).as("execute() should fail with RetryDeferredException but completed with %s",
                result.isCompletedExceptionally() ? "a failure" : result.join().metadata()).isCompletedExceptionally();
        assertThatThrownBy(result::join).hasRootCauseInstanceOf(RetryDeferredException.class);
    }
}
