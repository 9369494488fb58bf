package dev.orchestrators.core.kinds.coordinator;

import static dev.orchestrators.core.tool.Capability.READ;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Metadata;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.envelope.StepRun.StepStatus;
import dev.orchestrators.core.envelope.StepRun;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.Step;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.testing.ManualClock;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolCall;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shape of a coordinator's envelope, its provenance and the tool calls it makes. */
class CoordinatorTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final InMemoryAuditStore audit = new InMemoryAuditStore();

    private final FakeTool crm = FakeTool.answering("crm", READ, call -> {
        clock.advance(Duration.ofSeconds(2)); // the CRM read takes two seconds
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("lead_id", call.requireString("lead_id"));
        lead.put("name", "Ada Lovelace");
        return lead;
    });
    private final FakeTool scorer = FakeTool.returning("scorer", READ, Map.of("score", 42));

    private OrchestratorContext context(Tool... tools) {
        return OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(tools))
                .clock(clock)
                .delays(new RecordingDelays())
                .auditStore(audit)
                .random(() -> 0.5)
                .build();
    }

    private static Step fetchLead() {
        return Steps.fetch("fetch_lead", "crm", payload -> Map.of("lead_id", payload.get("lead_id")), "lead_id");
    }

    /** Calls the scorer once per record and adds its fields. */
    private static Step score() {
        return Steps.of("score", (ctx, input) -> ctx.call("scorer", Map.of("lead_id", input.get(0).key()))
                .thenApply(done -> StepOutcome.proceed(input.stream()
                        .map(r -> r.withAddedFields(done.result().fields(), ctx.provenance("scorer", "scored", done.attempt())))
                        .toList())));
    }

    private Coordinator leadSync() {
        return Coordinator.newBuilder("lead_sync")
                .capabilities(READ)
                .requirePayloadFields("lead_id")
                .step(fetchLead())
                .step(score())
                .build(context(crm, scorer));
    }

    @Test
    void shouldReturnOkEnvelopeWithRunMetadataAndStepsInOrder() {
        // given
        Coordinator coordinator = leadSync();

        // when
        Envelope envelope = coordinator.run(new Payload("run-1", Map.of("lead_id", "L-1")));

        // then
        Metadata metadata = envelope.metadata();
        assertThat(metadata.runId()).isEqualTo("run-1");
        assertThat(metadata.flow()).isEqualTo("lead_sync");
        assertThat(metadata.orchestrator()).isEqualTo("lead_sync");
        assertThat(metadata.status()).isEqualTo(RunStatus.OK);
        assertThat(metadata.partial()).isFalse();
        assertThat(metadata.blocked()).isFalse();
        assertThat(metadata.reason()).isNull();
        assertThat(metadata.error()).isNull();
        assertThat(metadata.attempts()).isEqualTo(1);
        assertThat(metadata.startedAt()).isEqualTo(T0);
        assertThat(metadata.finishedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(metadata.steps()).containsExactly(
                new StepRun("fetch_lead", "lead_sync", StepStatus.OK, 1, 2000),
                new StepRun("score", "lead_sync", StepStatus.OK, 1, 0));
    }

    @Test
    void shouldGiveEveryRecordProvenanceOfEachStepThatTouchedIt() {
        // given
        Coordinator coordinator = leadSync();

        // when
        Envelope envelope = coordinator.run(new Payload("run-1", Map.of("lead_id", "L-1")));

        // then
        EnvelopeAssert.assertThat(envelope).hasRecordKeys("L-1").everyRecordLastTouchedBy("lead_sync", "score", "scored");
        EnvelopeRecord record = envelope.records().get(0);
        assertThat(record.fields()).containsExactly(
                Map.entry("lead_id", "L-1"), Map.entry("name", "Ada Lovelace"), Map.entry("score", 42));
        Instant afterRead = T0.plusSeconds(2);
        assertThat(record.provenance()).containsExactly(
                new Provenance("lead_sync", "fetch_lead", "crm", "produced", "run-1", afterRead, 1),
                new Provenance("lead_sync", "score", "scorer", "scored", "run-1", afterRead, 1));
    }

    @Test
    void shouldPutEachScoreOfARankingToolIntoTheProvenanceOfTheRecordAtTheSameIndex() {
        // given a fetch step over a tool that ranks its records
        FakeTool search = FakeTool.returning("search", READ, Map.of(
                "records", List.of(Map.of("id", "a", "score", 0.9), Map.of("id", "b", "score", 0.5)),
                "scores", List.of(0.9, 0.5)));
        Coordinator coordinator = Coordinator.newBuilder("ranked")
                .capabilities(READ)
                .step(Steps.fetch("search", "search", payload -> Map.of(), "id"))
                .build(context(search));

        // when
        Envelope envelope = coordinator.run(new Payload("run-1", Map.of()));

        // then
        assertThat(envelope.records()).extracting(r -> r.provenance().get(0).score()).containsExactly(0.9, 0.5);
    }

    @Test
    void shouldGiveNoScoreWhenTheScoresListDoesNotAlignWithTheRecords() {
        // given a tool whose scores list is shorter than its records, and one whose scores are not numbers
        FakeTool misaligned = FakeTool.returning("search", READ, Map.of(
                "records", List.of(Map.of("id", "a"), Map.of("id", "b")), "scores", List.of(0.9)));
        FakeTool notNumbers = FakeTool.returning("other", READ, Map.of(
                "records", List.of(Map.of("id", "c")), "scores", List.of("high")));
        Coordinator coordinator = Coordinator.newBuilder("ranked")
                .capabilities(READ)
                .step(Steps.fetch("search", "search", payload -> Map.of(), "id"))
                .build(context(misaligned));
        Coordinator other = Coordinator.newBuilder("ranked")
                .capabilities(READ)
                .step(Steps.fetch("other", "other", payload -> Map.of(), "id"))
                .build(context(notNumbers));

        // when
        Envelope envelope = coordinator.run(new Payload("run-1", Map.of()));
        Envelope otherEnvelope = other.run(new Payload("run-2", Map.of()));

        // then
        assertThat(envelope.records()).extracting(r -> r.provenance().get(0).score()).containsExactly(null, null);
        assertThat(otherEnvelope.records().get(0).provenance().get(0).score()).isNull();
    }

    @Test
    void shouldCallEachToolWithPayloadDerivedArgumentsAndRunId() {
        // given
        Coordinator coordinator = leadSync();

        // when
        coordinator.run(new Payload("run-1", Map.of("lead_id", "L-1", "ignored", "x")));

        // then
        assertThat(crm.calls()).containsExactly(new ToolCall("run-1", "lead_sync", "fetch_lead", "crm", 1, Map.of("lead_id", "L-1")));
        assertThat(scorer.calls()).containsExactly(new ToolCall("run-1", "lead_sync", "score", "scorer", 1, Map.of("lead_id", "L-1")));
    }

    @Test
    void shouldTurnEachElementOfARecordsResultIntoOneRecordInOrder() {
        // given
        FakeTool list = FakeTool.returning("crm", READ, Map.of("records", List.of(
                Map.of("lead_id", "L-2", "name", "Grace"), Map.of("lead_id", "L-1", "name", "Alan"))));
        Coordinator coordinator = Coordinator.newBuilder("lead_list").capabilities(READ).step(fetchLead()).build(context(list));

        // when
        Envelope envelope = coordinator.run(new Payload("run-2", Map.of("lead_id", "any")));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("L-2", "L-1")
                .everyRecordLastTouchedBy("lead_list", "fetch_lead", "produced");
        assertThat(envelope.records().get(1).field("name")).isEqualTo("Alan");
    }

    @Test
    void shouldStopAtFirstFatalStepAndNeverCallLaterTools() {
        // given
        crm.failPermanently();
        Coordinator coordinator = leadSync();

        // when
        Envelope envelope = coordinator.run(new Payload("run-3", Map.of("lead_id", "L-1")));

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "BadRequest", "fetch_lead").hasRecordKeys();
        assertThat(scorer.calls()).isEmpty();
        assertThat(envelope.metadata().steps()).containsExactly(
                new StepRun("fetch_lead", "lead_sync", StepStatus.FAILED, 1, 0));
    }

    @Test
    void shouldUseRuntimeFlowAndRunAttemptFromExecutionOptions() {
        // given
        Coordinator coordinator = leadSync();
        ExecutionOptions options = ExecutionOptions.forFlow("campaign_a").withRunAttempt(2);

        // when
        Envelope envelope = coordinator.execute(new Payload("run-4", Map.of("lead_id", "L-1")), options)
                .toCompletableFuture().join();

        // then
        assertThat(envelope.metadata().flow()).isEqualTo("campaign_a");
        assertThat(envelope.metadata().orchestrator()).isEqualTo("lead_sync");
        assertThat(envelope.metadata().attempts()).isEqualTo(2);
    }

    @Test
    void shouldAuditTheFinalEnvelopeOfASuccessfulRun() {
        // given
        Coordinator coordinator = leadSync();

        // when
        Envelope envelope = coordinator.run(new Payload("run-5", Map.of("lead_id", "L-1")));

        // then
        assertThat(audit.forRun("run-5")).singleElement().satisfies(entry -> {
            assertThat(entry.envelope()).isEqualTo(envelope);
            assertThat(entry.key()).isEqualTo("run-5/lead_sync");
            assertThat(entry.at()).isEqualTo(T0.plusSeconds(2));
        });
    }
}
