package dev.orchestrators.core.kinds.aggregator;

import static dev.orchestrators.core.tool.Capability.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** What an aggregator makes of its sources' answers: merged records, provenance, calls and the report. */
class AggregatorTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Payload PAYLOAD = new Payload("run-1", Map.of("email", "ada@example.com"));

    private final FakeTool crm = FakeTool.returning("crm", READ, Map.of("records", List.of(
            ordered("lead_id", "L-1", "name", "Ada", "email", "ada@example.com"),
            ordered("lead_id", "L-2", "name", "Grace"))));
    private final FakeTool vectors = FakeTool.returning("vector_search", READ, Map.of("records", List.of(
            ordered("lead_id", "L-3", "name", "Alan"),
            ordered("lead_id", "L-1", "name", "A. Lovelace", "score", 0.9))));

    /** A record as a tool answers it, its fields in the order given. */
    private static Map<String, Object> ordered(Object... fieldsAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            fields.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return fields;
    }

    private static OrchestratorContext context(Tool... tools) {
        return OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(tools))
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .delays(new RecordingDelays())
                .random(() -> 0.5)
                .build();
    }

    private static Aggregator.Builder leads() {
        return Aggregator.newBuilder("lead_search")
                .source("crm", "crm", p -> Map.of("email", p.get("email")), "lead_id")
                .source("vectors", "vector_search", p -> Map.of("query", p.get("email"), "k", 5), "lead_id");
    }

    @Test
    void shouldMergeRecordsByKeyInOrderOfFirstAppearanceLettingTheFirstSourceWinAConflict() {
        // given
        Aggregator aggregator = leads().build(context(crm, vectors));

        // when
        Envelope envelope = aggregator.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("L-1", "L-2", "L-3");
        assertThat(envelope.metadata().partial()).isFalse();
        assertThat(envelope.records().get(0).fields()).containsExactly(
                Map.entry("lead_id", "L-1"), Map.entry("name", "Ada"), Map.entry("email", "ada@example.com"),
                Map.entry("score", 0.9));
    }

    @Test
    void shouldReportEverySourceAsOkWithItsRecordCount() {
        // given
        Aggregator aggregator = leads().build(context(crm, vectors));

        // when
        Envelope envelope = aggregator.run(PAYLOAD);

        // then
        assertThat(envelope.metadata().details()).containsOnlyKeys("sources");
        assertThat(envelope.metadata().details().get("sources")).isEqualTo(Map.of(
                "crm", Map.of("status", "ok", "records", 2),
                "vectors", Map.of("status", "ok", "records", 2)));
    }

    @Test
    void shouldGiveEachRecordProducedProvenanceNamingItsSourceAndAMergedEntryWhenSourcesAgree() {
        // given
        vectors.failTransiently(1);
        Aggregator aggregator = leads().build(context(crm, vectors));

        // when
        Envelope envelope = aggregator.run(PAYLOAD);

        // then the merged record lists both contributions, then the merge
        assertThat(envelope.records().get(0).provenance()).containsExactly(
                new Provenance("lead_search", "crm", "crm", "produced", "run-1", T0, 1),
                new Provenance("lead_search", "vectors", "vector_search", "produced", "run-1", T0, 2),
                new Provenance("lead_search", "lead_search", null, "merged", "run-1", T0, 1));
        assertThat(envelope.records().get(1).provenance()).containsExactly(
                new Provenance("lead_search", "crm", "crm", "produced", "run-1", T0, 1));
        assertThat(envelope.records().get(2).provenance()).containsExactly(
                new Provenance("lead_search", "vectors", "vector_search", "produced", "run-1", T0, 2));
    }

    @Test
    void shouldCarryTheScoreARankingSourceGaveEachRecordIntoItsProducedProvenance() {
        // given a vector search answering scores aligned with its records
        FakeTool ranked = FakeTool.returning("vector_search", READ, Map.of(
                "records", List.of(ordered("lead_id", "L-3", "score", 0.83), ordered("lead_id", "L-1", "score", 0.41)),
                "scores", List.of(0.83, 0.41)));
        Aggregator aggregator = leads().build(context(crm, ranked));

        // when
        Envelope envelope = aggregator.run(PAYLOAD);

        // then the vector source's entries carry their score, the CRM's and the merge's none
        EnvelopeAssert.assertThat(envelope).hasRecordKeys("L-1", "L-2", "L-3");
        assertThat(envelope.records().get(0).provenance()).containsExactly(
                new Provenance("lead_search", "crm", "crm", "produced", "run-1", T0, 1),
                new Provenance("lead_search", "vectors", "vector_search", "produced", "run-1", T0, 1, 0.41),
                new Provenance("lead_search", "lead_search", null, "merged", "run-1", T0, 1));
        assertThat(envelope.records().get(2).provenance()).containsExactly(
                new Provenance("lead_search", "vectors", "vector_search", "produced", "run-1", T0, 1, 0.83));
    }

    @Test
    void shouldCallEverySourceOnceWithArgumentsFromThePayload() {
        // given
        Aggregator aggregator = leads().build(context(crm, vectors));

        // when
        aggregator.run(PAYLOAD);

        // then
        assertThat(crm.calls()).containsExactly(
                new ToolCall("run-1", "lead_search", "lead_search", "crm", 1, Map.of("email", "ada@example.com")));
        assertThat(vectors.calls()).containsExactly(new ToolCall("run-1", "lead_search", "lead_search", "vector_search", 1,
                Map.of("query", "ada@example.com", "k", 5)));
    }

    @Test
    void shouldCallAllSourcesBeforeAnyHasAnsweredAndKeepDeclarationOrderWhateverTheAnswerOrder() {
        // given sources whose answers the test completes by hand
        Map<String, CompletableFuture<ToolResult>> pending = new ConcurrentHashMap<>();
        Tool slowCrm = Tools.async("crm", READ, call -> pending.computeIfAbsent("crm", k -> new CompletableFuture<>()));
        Tool slowVectors = Tools.async("vector_search", READ,
                call -> pending.computeIfAbsent("vector_search", k -> new CompletableFuture<>()));
        Aggregator aggregator = leads().build(context(slowCrm, slowVectors));

        // when
        CompletableFuture<Envelope> result = aggregator.execute(PAYLOAD, ExecutionOptions.defaults()).toCompletableFuture();
        assertThat(pending).containsOnlyKeys("crm", "vector_search");
        pending.get("vector_search").complete(ToolResult.of(Map.of("lead_id", "L-9")));
        assertThat(result).isNotDone();
        pending.get("crm").complete(ToolResult.of(Map.of("lead_id", "L-1")));

        // then
        EnvelopeAssert.assertThat(result.join()).hasStatus(RunStatus.OK).hasRecordKeys("L-1", "L-9");
    }

    @Test
    void shouldMergeRecordsWithDifferentKeysThatShareTheDedupeField() {
        // given two sources that key the same person differently
        FakeTool web = FakeTool.returning("web_search", READ, Map.of("url", "https://ada.example", "email", "ada@example.com",
                "name", "Ada L."));
        Aggregator aggregator = Aggregator.newBuilder("people")
                .source("crm", "crm", p -> Map.of(), "lead_id")
                .source("web", "web_search", p -> Map.of(), "url")
                .dedupeByField("email")
                .build(context(crm, web));

        // when
        Envelope envelope = aggregator.run(PAYLOAD);

        // then L-2 has no email: it is never merged; the web record joins L-1
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("L-1", "L-2");
        EnvelopeRecord ada = envelope.records().get(0);
        assertThat(ada.fields()).containsEntry("name", "Ada").containsEntry("url", "https://ada.example");
        assertThat(ada.provenance()).extracting(Provenance::step, Provenance::action).containsExactly(
                tuple("crm", "produced"), tuple("web", "produced"), tuple("people", "merged"));
    }

    @Test
    void shouldHandItsMergedRecordsAndSourcesReportToTheNextStepOfACoordinator() {
        // given a coordinator that aggregates, then counts what it got
        vectors.failPermanently();
        Coordinator coordinator = Coordinator.newBuilder("lead_flow")
                .step(leads().build(context(crm, vectors)))
                .step(Steps.of("count", (ctx, input) -> CompletableFuture.completedFuture(StepOutcome.proceed(input.stream()
                        .map(r -> r.withField("seen", input.size(), ctx.provenance(null, "counted", 1))).toList()))))
                .build(context(crm, vectors));

        // when
        Envelope envelope = coordinator.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.PARTIAL).hasRecordKeys("L-1", "L-2")
                .hasStepsInOrder("lead_search", "count")
                .everyRecordLastTouchedBy("lead_flow", "count", "counted");
        assertThat(envelope.metadata().reason()).isEqualTo("1 of 2 sources failed: vectors (BadRequest)");
        assertThat(envelope.metadata().details().get("sources")).isEqualTo(Map.of(
                "crm", Map.of("status", "ok", "records", 2),
                "vectors", Map.of("status", "failed", "records", 0, "error", Map.of("type", "BadRequest",
                        "message", "tool 'vector_search' failed permanently after 1 attempt: fake vector_search rejected the call"))));
        assertThat(envelope.metadata().steps()).extracting(s -> s.orchestrator()).containsExactly("lead_search", "lead_flow");
        assertThat(envelope.records().get(0).provenance().get(0))
                .isEqualTo(new Provenance("lead_search", "crm", "crm", "produced", "run-1", T0, 1));
    }

    @Test
    void shouldDescribeItselfAsAnAggregatorNamingTheSourceTools() {
        // given
        Aggregator aggregator = leads().build(context(crm, vectors));

        // when
        Description description = aggregator.describe();

        // then
        assertThat(description.kind()).isEqualTo(Aggregator.KIND);
        assertThat(description.name()).isEqualTo("lead_search");
        assertThat(description.tools()).containsExactly("crm", "vector_search");
        assertThat(description.capabilities()).isEqualTo(Set.of(READ));
        assertThat(description.validates()).isFalse();
    }

    @Test
    void shouldRejectAnAggregatorWithoutSourcesOrWithTwoSourcesOfTheSameName() {
        assertThatThrownBy(() -> Aggregator.newBuilder("empty").build(context()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("at least one source");
        assertThatThrownBy(() -> leads().source("crm", "other", p -> Map.of(), "id"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("two sources named 'crm'");
        assertThatThrownBy(() -> leads().timeout(Duration.ZERO))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("timeout must be > 0");
    }
}
