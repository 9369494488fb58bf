package dev.orchestrators.core.kinds.transformer;

import static dev.orchestrators.core.tool.Capability.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.assertj.core.groups.Tuple.tuple;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tool;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What a transformer does to records: transforms, validation, the report and the provenance. */
class TransformerTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final RecordSchema LEAD = RecordSchema.newBuilder()
            .field(RecordSchema.Field.required("email", FieldType.STRING).withPattern("[^@\\s]+@[^@\\s]+"))
            .field(RecordSchema.Field.optional("country", FieldType.STRING).withAllowedValues("de", "fr"))
            .build();

    static OrchestratorContext context(Tool... tools) {
        return OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(tools))
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .delays(new RecordingDelays())
                .random(() -> 0.5)
                .build();
    }

    static Map<String, Object> record(String key, Object... fieldsAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            fields.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return Map.of("key", key, "fields", fields);
    }

    static Payload records(Map<?, ?>... records) {
        return new Payload("run-1", Map.of("records", List.of(records)));
    }

    private static Transformer.Builder normalize() {
        return Transformer.newBuilder("normalize")
                .transform("trim", Transforms.trim("email", "country"))
                .transform("lowercase", Transforms.lowercase("email", "country"))
                .schema(LEAD);
    }

    @Test
    void shouldApplyTransformsInOrderAndRecordATransformedEntryForEach() {
        // given
        Transformer transformer = normalize().build(context());

        // when
        Envelope envelope = transformer.run(records(record("L-1", "email", "  Ada@Example.COM ", "country", " DE")));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("L-1")
                .everyRecordLastTouchedBy("normalize", "normalize", "transformed");
        assertThat(envelope.records().get(0).fields()).containsExactly(
                Map.entry("email", "ada@example.com"), Map.entry("country", "de"));
        assertThat(envelope.records().get(0).provenance()).containsExactly(
                new Provenance("normalize", "input", null, "received", "run-1", T0, 1),
                new Provenance("normalize", "normalize", "trim", "transformed", "run-1", T0, 1),
                new Provenance("normalize", "normalize", "lowercase", "transformed", "run-1", T0, 1));
    }

    @Test
    void shouldReportEveryRecordCheckedAndNoneRejectedWhenAllAreValid() {
        // given
        Transformer transformer = normalize().build(context());

        // when
        Envelope envelope = transformer.run(records(record("L-1", "email", "ada@example.com"), record("L-2", "email", "g@x.io")));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("L-1", "L-2");
        assertThat(envelope.metadata().details()).isEqualTo(Map.of(Transformer.VALIDATION_DETAIL, Map.of(
                "checked", 2, "valid", 2, "rejected", 0, "policy", "drop", "rejections", List.of())));
    }

    @Test
    void shouldDropInvalidRecordsAndMarkTheEnvelopePartialWithTheirReasons() {
        // given
        Transformer transformer = normalize().build(context());

        // when
        Envelope envelope = transformer.run(records(record("L-1", "email", "ada@example.com"),
                record("L-2", "email", "not-an-email", "country", "XX"), record("L-3", "name", "Alan")));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.PARTIAL).hasRecordKeys("L-1");
        assertThat(envelope.metadata().reason()).isEqualTo("2 of 3 records failed validation");
        assertThat(envelope.metadata().details().get(Transformer.VALIDATION_DETAIL)).isEqualTo(Map.of(
                "checked", 3, "valid", 1, "rejected", 2, "policy", "drop", "rejections", List.of(
                        Map.of("key", "L-2", "reasons", List.of("field 'email' must match pattern '[^@\\s]+@[^@\\s]+'",
                                "field 'country' must be one of [de, fr]")),
                        Map.of("key", "L-3", "reasons", List.of("field 'email' is required")))));
    }

    @Test
    void shouldKeepInvalidRecordsWithTheirErrorsAndARejectedEntryWhenAnnotating() {
        // given
        Transformer transformer = normalize().onInvalid(InvalidRecordPolicy.ANNOTATE).build(context());

        // when
        Envelope envelope = transformer.run(records(record("L-1", "email", "ada@example.com"), record("L-2", "name", "Grace")));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.PARTIAL).hasRecordKeys("L-1", "L-2");
        EnvelopeRecord invalid = envelope.records().get(1);
        assertThat(invalid.field(Transformer.VALIDATION_ERRORS_FIELD)).isEqualTo(List.of("field 'email' is required"));
        assertThat(invalid.provenance()).last()
                .isEqualTo(new Provenance("normalize", "normalize", null, "rejected", "run-1", T0, 1));
        assertThat(envelope.records().get(0).fields()).doesNotContainKey(Transformer.VALIDATION_ERRORS_FIELD);
        assertThat(envelope.metadata().details().get(Transformer.VALIDATION_DETAIL))
                .asInstanceOf(MAP)
                .containsEntry("policy", "annotate").containsEntry("rejected", 1);
    }

    @Test
    void shouldAskTheValidationToolOnlyAboutRecordsTheSchemaAcceptsAndRejectOnItsVerdict() {
        // given a validation agent that refuses disposable addresses
        FakeTool agent = FakeTool.answering("validation_agent", READ, call -> call.argument("email").toString().endsWith("@mailinator.com")
                ? Map.of("valid", false, "reason", "disposable address") : Map.of("valid", true));
        Transformer transformer = normalize().onInvalid(InvalidRecordPolicy.ANNOTATE)
                .validationTool("validation_agent", r -> Map.of("email", r.field("email"), "key", r.key()))
                .build(context(agent));

        // when
        Envelope envelope = transformer.run(records(record("L-1", "email", "ada@example.com"),
                record("L-2", "email", "bob@mailinator.com"), record("L-3", "name", "no email")));

        // then
        assertThat(agent.calls()).extracting(c -> c.step(), c -> c.arguments()).containsExactlyInAnyOrder(
                tuple("normalize", Map.of("email", "ada@example.com", "key", "L-1")),
                tuple("normalize", Map.of("email", "bob@mailinator.com", "key", "L-2")));
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.PARTIAL).hasRecordKeys("L-1", "L-2", "L-3");
        assertThat(envelope.records().get(1).field(Transformer.VALIDATION_ERRORS_FIELD)).isEqualTo(List.of("disposable address"));
        assertThat(envelope.records().get(1).provenance()).last()
                .isEqualTo(new Provenance("normalize", "normalize", "validation_agent", "rejected", "run-1", T0, 1));
        assertThat(envelope.metadata().reason()).isEqualTo("2 of 3 records failed validation");
    }

    @Test
    void shouldHandTheValidationReportOnThroughACoordinator() {
        // given a flow that fetches leads, normalizes them and then tags them
        FakeTool crm = FakeTool.returning("crm", READ, Map.of("records", List.of(
                Map.of("lead_id", "L-1", "email", " ADA@example.com"), Map.of("lead_id", "L-2"))));
        Coordinator flow = Coordinator.newBuilder("lead_sync").capabilities(READ)
                .step(Steps.fetch("fetch", "crm", p -> Map.of(), "lead_id"))
                .step(normalize().build(context(crm)))
                .step(Steps.of("tag", (ctx, input) -> CompletableFuture.completedFuture(StepOutcome.proceed(input))))
                .build(context(crm));

        // when
        Envelope envelope = flow.run(new Payload("run-1", Map.of()));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.PARTIAL).hasRecordKeys("L-1")
                .hasStepsInOrder("fetch", "normalize", "tag");
        assertThat(envelope.records().get(0).field("email")).isEqualTo("ada@example.com");
        assertThat(envelope.metadata().reason()).isEqualTo("1 of 2 records failed validation");
        assertThat(envelope.metadata().details().get(Transformer.VALIDATION_DETAIL))
                .asInstanceOf(MAP)
                .containsEntry("checked", 2).containsEntry("rejected", 1)
                .containsEntry("rejections", List.of(Map.of("key", "L-2", "reasons", List.of("field 'email' is required"))));
    }

    @Test
    void shouldDescribeItselfAsATransformerThatNeedsReadOnlyForItsValidationTool() {
        // given
        Transformer pure = normalize().build(context());
        Transformer checked = normalize().validationTool("validation_agent", r -> Map.of()).build(context());

        // then
        assertThat(pure.describe().kind()).isEqualTo(Transformer.KIND);
        assertThat(pure.describe().tools()).isEmpty();
        assertThat(pure.describe().capabilities()).isEmpty();
        Description description = checked.describe();
        assertThat(description.tools()).containsExactly("validation_agent");
        assertThat(description.capabilities()).isEqualTo(Set.of(READ));
    }
}
