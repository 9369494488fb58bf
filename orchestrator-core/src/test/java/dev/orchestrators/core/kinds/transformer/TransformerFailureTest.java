package dev.orchestrators.core.kinds.transformer;

import static dev.orchestrators.core.kinds.transformer.TransformerTest.record;
import static dev.orchestrators.core.kinds.transformer.TransformerTest.records;
import static dev.orchestrators.core.tool.Capability.READ;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a transformer fails the run instead of rejecting records, and what gets audited. */
class TransformerFailureTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final RecordingDelays delays = new RecordingDelays();
    private final FakeTool agent = FakeTool.returning("validation_agent", READ, Map.of("valid", true));

    private OrchestratorContext context(Tool... tools) {
        return OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(tools))
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .delays(delays)
                .auditStore(audit)
                .random(() -> 0.5)
                .build();
    }

    private Transformer.Builder checked() {
        return Transformer.newBuilder("normalize").validationTool("validation_agent", r -> Map.of("key", r.key()));
    }

    @Test
    void shouldFailTheRunPermanentlyNamingTheTransformThatThrew() {
        // given a transform that cannot handle a non-numeric score
        Transformer transformer = Transformer.newBuilder("normalize")
                .transform("trim", Transforms.trim("email"))
                .transform("parse_score", fields -> {
                    fields.put("score", Integer.parseInt(fields.get("score").toString()));
                    return fields;
                })
                .build(context());

        // when
        Envelope envelope = transformer.run(records(record("L-1", "score", "7"), record("L-2", "score", "high")));

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "TransformFailed", "normalize").hasRecordKeys();
        assertThat(envelope.metadata().error().message())
                .isEqualTo("transform 'parse_score' failed on record 'L-2': For input string: \"high\"");
        assertThat(envelope.metadata().details()).isEmpty();
        assertThat(audit.envelopes()).singleElement().extracting(AuditRecord::envelope).isEqualTo(envelope);
    }

    @Test
    void shouldFailTheRunWhenATransformReturnsNoFields() {
        // given
        Transformer transformer = Transformer.newBuilder("normalize").transform("broken", fields -> null).build(context());

        // when
        Envelope envelope = transformer.run(records(record("L-1", "email", "a@b.c")));

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "TransformFailed", "normalize");
        assertThat(envelope.metadata().error().message()).isEqualTo("transform 'broken' failed on record 'L-1': it returned no fields");
    }

    @Test
    void shouldRetryTheValidationToolAndFailTransientlyWhenItStaysUnavailable() {
        // given
        agent.failTransiently(3);
        Transformer transformer = checked().build(context(agent));

        // when
        Envelope envelope = transformer.run(records(record("L-1", "email", "a@b.c")));

        // then
        assertThat(agent.calls()).extracting(c -> c.attempt()).containsExactly(1, 2, 3);
        assertThat(delays.delays()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.TRANSIENT, "TransientException", "normalize");
        assertThat(audit.envelopes()).singleElement().extracting(AuditRecord::envelope).isEqualTo(envelope);
    }

    @Test
    void shouldPassARecordTheValidationToolAcceptsOnItsSecondAttempt() {
        // given
        agent.failTransiently(1);
        Transformer transformer = checked().build(context(agent));

        // when
        Envelope envelope = transformer.run(records(record("L-1", "email", "a@b.c")));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("L-1");
        assertThat(agent.callCount()).isEqualTo(2);
    }

    @Test
    void shouldFailPermanentlyWhenTheValidationToolAnswersWithoutAVerdict() {
        // given
        FakeTool confused = FakeTool.returning("validation_agent", READ, Map.of("ok", "yes"));
        Transformer transformer = checked().build(context(confused));

        // when
        Envelope envelope = transformer.run(records(record("L-1", "email", "a@b.c")));

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "InvalidValidationAnswer", "normalize");
        assertThat(envelope.metadata().error().message()).contains("boolean 'valid'", "[ok]");
    }

    @Test
    void shouldRefuseTheValidationToolWhenTheCapabilitiesWereNarrowedOnPurpose() {
        // given a transformer explicitly declared without capabilities
        Transformer transformer = checked().capabilities().build(context(agent));

        // when
        Envelope envelope = transformer.run(records(record("L-1", "email", "a@b.c")));

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "CapabilityDenied", "normalize");
        assertThat(agent.calls()).isEmpty();
    }
}
