package dev.orchestrators.core.kinds.validator;

import static dev.orchestrators.core.tool.Capability.READ;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.time.ManualTime;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tool;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A validator fails closed: when a check cannot be made the run fails, it never passes silently. */
class ValidatorFailureTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Payload PAYLOAD = new Payload("run-1", Map.of("email", "ada@example.com"));

    private final ManualTime time = ManualTime.startingAt(T0);
    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final FakeTool risk = FakeTool.returning("risk_service", READ, Map.of("score", 0.1));

    private OrchestratorContext context(Tool... tools) {
        return OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(tools))
                .time(time)
                .auditStore(audit)
                .random(() -> 0.5)
                .build();
    }

    private static Validator.Builder screening() {
        return Validator.newBuilder("screening")
                .maxScore("risk_score", "risk_service", p -> Map.of("email", p.get("email")), "score", 0.8);
    }

    private Envelope runToEnd(Validator validator) {
        CompletableFuture<Envelope> result = validator.execute(PAYLOAD, ExecutionOptions.defaults()).toCompletableFuture();
        time.advance(Duration.ofMinutes(1));
        return result.join();
    }

    @Test
    void shouldFailTransientlyWhenTheRiskToolStaysUnavailableThroughItsRetries() {
        // given
        risk.failTransiently(3);
        Validator validator = screening().build(context(risk));

        // when
        Envelope envelope = runToEnd(validator);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.TRANSIENT, "TransientException", "screening");
        assertThat(envelope.metadata().blocked()).isFalse();
        assertThat(risk.calls()).extracting(c -> c.attempt()).containsExactly(1, 2, 3);
        assertThat(audit.records()).extracting(AuditRecord::kind).containsExactly(AuditKind.ENVELOPE);
    }

    @Test
    void shouldFailWithAToolTimeoutWhenTheRiskToolNeverAnswers() {
        // given a risk tool that hangs, a 2 s per-call time-out and no retries
        risk.neverAnswer();
        Validator validator = screening().toolTimeout(Duration.ofSeconds(2)).retryPolicy(RetryPolicy.noRetries())
                .build(context(risk));

        // when
        CompletableFuture<Envelope> result = validator.execute(PAYLOAD, ExecutionOptions.defaults()).toCompletableFuture();
        time.advance(Duration.ofMillis(1999));
        assertThat(result).isNotDone();
        time.advance(Duration.ofMillis(1));

        // then
        Envelope envelope = result.join();
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.TRANSIENT, "ToolTimeout", "screening");
        assertThat(envelope.metadata().finishedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(audit.envelopes()).singleElement().extracting(AuditRecord::envelope).isEqualTo(envelope);
    }

    @Test
    void shouldFailPermanentlyWithoutRetryingWhenTheRiskToolRejectsTheCall() {
        // given
        risk.failPermanently();
        Validator validator = screening().build(context(risk));

        // when
        Envelope envelope = runToEnd(validator);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "BadRequest", "screening");
        assertThat(risk.callCount()).isEqualTo(1);
    }

    @Test
    void shouldFailPermanentlyWhenTheRiskToolAnswersWithoutAScore() {
        // given
        FakeTool vague = FakeTool.returning("risk_service", READ, Map.of("score", "low"));
        Validator validator = screening().build(context(vague));

        // when
        Envelope envelope = runToEnd(validator);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "RuleFailed", "screening");
        assertThat(envelope.metadata().error().message())
                .isEqualTo("rule 'risk_score' failed: tool 'risk_service' answered without a numeric 'score'");
    }

    @Test
    void shouldFailPermanentlyNamingARuleThatThrows() {
        // given a rule that expects a field the payload does not have
        Validator validator = Validator.newBuilder("screening")
                .rule("domain_allowed", p -> p.get("domain").toString().endsWith(".example") ? Optional.empty()
                        : Optional.of("foreign domain"))
                .build(context());

        // when
        Envelope envelope = runToEnd(validator);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "RuleFailed", "screening");
        assertThat(envelope.metadata().error().message()).startsWith("rule 'domain_allowed' failed: ");
        assertThat(audit.records()).extracting(AuditRecord::kind).containsExactly(AuditKind.ENVELOPE);
    }
}
