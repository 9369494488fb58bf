package dev.orchestrators.core.kinds.validator;

import static dev.orchestrators.core.tool.Capability.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.core.tool.Tools;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A validator run on its own: its verdicts, the order of its rules, its tool calls and its audit entries. */
class ValidatorTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Payload PAYLOAD = new Payload("run-1", Map.of("email", "ada@example.com", "consent", true));

    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final FakeTool risk = FakeTool.answering("risk_service", READ,
            call -> Map.of("score", "mallory@example.com".equals(call.argument("email")) ? 0.93 : 0.12));

    private OrchestratorContext context(Tool... tools) {
        return OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(tools))
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .delays(new RecordingDelays())
                .auditStore(audit)
                .random(() -> 0.5)
                .build();
    }

    private static Validator.Builder screening() {
        return Validator.newBuilder("lead_screening")
                .rule("has_consent", p -> Boolean.TRUE.equals(p.get("consent")) ? Optional.empty() : Optional.of("no consent given"))
                .maxScore("risk_score", "risk_service", p -> Map.of("email", p.get("email")), "score", 0.80);
    }

    private List<AuditRecord> verdicts() {
        return audit.records().stream().filter(r -> r.kind() == AuditKind.VALIDATION).toList();
    }

    @Test
    void shouldReturnAnOkEnvelopeWithoutRecordsWhenEveryRulePasses() {
        // given
        Validator validator = screening().build(context(risk));

        // when
        Envelope envelope = validator.run(PAYLOAD);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys().hasStepsInOrder("lead_screening");
        assertThat(envelope.metadata().blocked()).isFalse();
        assertThat(risk.calls()).containsExactly(new ToolCall("run-1", "lead_screening", "lead_screening", "risk_service", 1,
                Map.of("email", "ada@example.com")));
    }

    @Test
    void shouldBlockNamingTheRuleWhenTheRiskScoreIsAboveTheMaximum() {
        // given
        Validator validator = screening().build(context(risk));

        // when
        Envelope envelope = validator.run(new Payload("run-2", Map.of("email", "mallory@example.com", "consent", true)));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.BLOCKED).hasRecordKeys();
        assertThat(envelope.metadata().blocked()).isTrue();
        assertThat(envelope.metadata().partial()).isFalse();
        assertThat(envelope.metadata().reason()).isEqualTo("blocked by rule 'risk_score': score 0.93 > 0.80");
    }

    @Test
    void shouldAuditOneVerdictPerRunNamingTheBlockingRule() {
        // given
        Validator validator = screening().build(context(risk));

        // when
        Envelope envelope = validator.run(new Payload("run-2", Map.of("email", "mallory@example.com", "consent", true)));

        // then
        assertThat(verdicts()).singleElement().satisfies(entry -> {
            assertThat(entry.runId()).isEqualTo("run-2");
            assertThat(entry.orchestrator()).isEqualTo("lead_screening");
            assertThat(entry.subject()).isEqualTo("lead_screening");
            assertThat(entry.at()).isEqualTo(T0);
            assertThat(entry.key()).isEqualTo("run-2/lead_screening/validation/lead_screening");
            assertThat(entry.details()).isEqualTo(Map.of("outcome", "blocked", "rule", "risk_score",
                    "reason", "blocked by rule 'risk_score': score 0.93 > 0.80", "checked", List.of("has_consent", "risk_score")));
        });
        assertThat(audit.envelopes()).singleElement().extracting(AuditRecord::envelope).isEqualTo(envelope);
    }

    @Test
    void shouldAuditAPassedVerdictListingEveryRuleChecked() {
        // given
        Validator validator = screening().build(context(risk));

        // when
        validator.run(PAYLOAD);

        // then
        assertThat(verdicts()).singleElement().extracting(AuditRecord::details)
                .isEqualTo(Map.of("outcome", "passed", "checked", List.of("has_consent", "risk_score")));
    }

    @Test
    void shouldStopAtTheFirstBlockingRuleWithoutCallingAnyTool() {
        // given
        AtomicInteger laterRuleRuns = new AtomicInteger();
        Validator validator = screening()
                .rule("not_banned", p -> {
                    laterRuleRuns.incrementAndGet();
                    return Optional.empty();
                })
                .build(context(risk));

        // when
        Envelope envelope = validator.run(new Payload("run-3", Map.of("email", "ada@example.com")));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.BLOCKED);
        assertThat(envelope.metadata().reason()).isEqualTo("blocked by rule 'has_consent': no consent given");
        assertThat(laterRuleRuns).hasValue(0);
        assertThat(risk.calls()).isEmpty();
        assertThat(verdicts()).singleElement().extracting(r -> r.details().get("checked")).isEqualTo(List.of("has_consent"));
    }

    @Test
    void shouldRunToolChecksOneAfterTheOtherInDeclarationOrder() {
        // given two policy tools the test answers by hand
        Map<String, CompletableFuture<ToolResult>> pending = new ConcurrentHashMap<>();
        Tool policy = Tools.async("policy_service", READ, call -> pending.computeIfAbsent("policy", k -> new CompletableFuture<>()));
        Tool fraud = Tools.async("fraud_service", READ, call -> pending.computeIfAbsent("fraud", k -> new CompletableFuture<>()));
        Validator validator = Validator.newBuilder("screening")
                .check("policy", "policy_service", p -> Map.of(), answer -> Optional.empty())
                .check("fraud", "fraud_service", p -> Map.of(),
                        answer -> Boolean.TRUE.equals(answer.field("fraud")) ? Optional.of("flagged as fraud") : Optional.empty())
                .build(context(policy, fraud));

        // when
        CompletableFuture<Envelope> result = validator.execute(PAYLOAD, ExecutionOptions.defaults()).toCompletableFuture();

        // then
        assertThat(pending).containsOnlyKeys("policy");
        pending.get("policy").complete(ToolResult.of(Map.of("allowed", true)));
        assertThat(pending).containsOnlyKeys("policy", "fraud");
        pending.get("fraud").complete(ToolResult.of(Map.of("fraud", true)));
        EnvelopeAssert.assertThat(result.join()).hasStatus(RunStatus.BLOCKED);
        assertThat(result.join().metadata().reason()).isEqualTo("blocked by rule 'fraud': flagged as fraud");
    }

    @Test
    void shouldShowScoresWithAtLeastTwoDecimalsAndNoFalsePrecision() {
        assertThat(Validator.formatScore(0.8)).isEqualTo("0.80");
        assertThat(Validator.formatScore(0.801)).isEqualTo("0.801");
        assertThat(Validator.formatScore(750)).isEqualTo("750.00");
    }

    @Test
    void shouldDescribeItselfAsAValidatorNamingItsCheckTools() {
        // given
        Validator validator = screening().build(context(risk));

        // when
        Description description = validator.describe();

        // then
        assertThat(description.kind()).isEqualTo(Validator.KIND);
        assertThat(description.validates()).isTrue();
        assertThat(description.tools()).containsExactly("risk_service");
        assertThat(description.capabilities()).containsExactly(READ);
    }

    @Test
    void shouldRejectAValidatorWithoutRulesOrWithTwoRulesOfTheSameName() {
        assertThatThrownBy(() -> Validator.newBuilder("empty").build(context()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("at least one rule");
        assertThatThrownBy(() -> screening().rule("risk_score", p -> Optional.empty()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("two rules named 'risk_score'");
    }
}
