package dev.orchestrators.core.kinds.validator;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.internal.RunContext;
import dev.orchestrators.core.orchestrator.BaseOrchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorBuilder;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.Step;
import dev.orchestrators.core.orchestrator.StepContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.ToolResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Checks business rules (consent, policy, fraud or risk scores) before heavy work, and stops the flow when
 * one of them blocks the request.
 * <ul>
 *   <li><b>Order</b>: the plain rules run first, in declaration order; then, only if all of them pass, the
 *       tool checks, one after the other. The first rule that blocks wins and nothing after it runs.</li>
 *   <li><b>Blocked</b>: the run halts as BLOCKED ({@code metadata.blocked=true}) with a reason naming the rule,
 *       e.g. {@code blocked by rule 'risk_score': score 0.93 > 0.80}; in a coordinator no later step runs.</li>
 *   <li><b>Passed</b>: as a step the input records go on unchanged; run on its own the envelope is OK and
 *       has no records. It needs no {@code payload.records}.</li>
 *   <li><b>Fails closed</b>: a tool check whose tool fails (after its retries), or a rule that throws, fails
 *       the run; a request is never let through because a check could not be made.</li>
 *   <li><b>Audited</b>: each verdict is appended as one {@link AuditKind#VALIDATION} entry per run (subject:
 *       the validator), with details {@code {"outcome": "passed"|"blocked", "rule": ..., "reason": ...,
 *       "checked": [rules evaluated]}}.</li>
 * </ul>
 * A validator {@linkplain #validates() validates}: side effects that require validated input may run after it.
 * Thread-safe.
 */
public final class Validator extends BaseOrchestrator implements Step {
    /** The kind's name. */
    public static final String KIND = "validator";

    private final List<Rule> rules;
    private final List<ToolCheck> checks;

    private Validator(Builder b, OrchestratorContext context) {
        super(b.name(), b.settings(), context);
        this.rules = List.copyOf(b.rules);
        this.checks = List.copyOf(b.checks);
    }

    /** A builder for a validator called {@code name}. */
    public static Builder newBuilder(String name) {
        return new Builder().name(name);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    protected boolean validates() {
        return true;
    }

    @Override
    protected Set<String> toolNames() {
        Set<String> tools = new LinkedHashSet<>();
        checks.forEach(check -> tools.add(check.tool()));
        return tools;
    }

    @Override
    protected CompletionStage<StepOutcome> perform(RunContext run) {
        return runStep(run, this, List.of());
    }

    /** Checks the run's payload; passes {@code input} on unchanged, or halts the run BLOCKED with it. */
    @Override
    public CompletionStage<StepOutcome> apply(StepContext outer, List<EnvelopeRecord> input) {
        StepContext context = outer.asOrchestrator(name(), settings());
        List<String> checked = new ArrayList<>();
        for (Rule rule : rules) {
            checked.add(rule.name());
            Optional<String> blocking;
            try {
                blocking = verdict(rule.name(), () -> rule.check().apply(context.payload()));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            if (blocking.isPresent()) {
                return CompletableFuture.completedFuture(blocked(context, input, rule.name(), blocking.get(), checked));
            }
        }
        return runChecks(context, input, 0, checked);
    }

    private CompletionStage<StepOutcome> runChecks(StepContext context, List<EnvelopeRecord> input, int index,
                                                   List<String> checked) {
        if (index == checks.size()) {
            audit(context, "passed", null, null, checked);
            return CompletableFuture.completedFuture(StepOutcome.proceed(input));
        }
        ToolCheck check = checks.get(index);
        checked.add(check.name());
        Map<String, Object> args;
        try {
            args = check.arguments().apply(context.payload());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new RuleFailedException(check.name(), describe(e), e));
        }
        return context.call(check.tool(), args).thenCompose(done -> {
            Optional<String> blocking = verdict(check.name(), () -> check.verdict().apply(done.result()));
            return blocking.isPresent()
                    ? CompletableFuture.completedFuture(blocked(context, input, check.name(), blocking.get(), checked))
                    : runChecks(context, input, index + 1, checked);
        });
    }

    /** Runs a rule's own function; what it throws becomes a {@link RuleFailedException} naming the rule. */
    private static Optional<String> verdict(String rule, Supplier<Optional<String>> check) {
        Optional<String> verdict;
        try {
            verdict = check.get();
        } catch (OrchestratorException e) {
            throw e; // already says what the caller should do
        } catch (RuntimeException e) {
            throw new RuleFailedException(rule, describe(e), e);
        }
        if (verdict == null) {
            throw new RuleFailedException(rule, "it returned null instead of a verdict", null);
        }
        return verdict;
    }

    private StepOutcome blocked(StepContext context, List<EnvelopeRecord> input, String rule, String why, List<String> checked) {
        String reason = "blocked by rule '" + rule + "': " + why;
        audit(context, "blocked", rule, reason, checked);
        return StepOutcome.halt(input, RunStatus.BLOCKED, reason);
    }

    private void audit(StepContext context, String outcome, String rule, String reason, List<String> checked) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("outcome", outcome);
        if (rule != null) {
            details.put("rule", rule);
            details.put("reason", reason);
        }
        details.put("checked", List.copyOf(checked));
        context.services().auditStore().append(new AuditRecord(AuditKind.VALIDATION, context.runId(),
                context.flow(), name(), name(), context.now(), null, details));
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** {@code value} with at least two decimals and as many more as it has: 0.8 is 0.80, 0.801 stays 0.801. */
    static String formatScore(double value) {
        BigDecimal exact = BigDecimal.valueOf(value).stripTrailingZeros();
        return exact.setScale(Math.max(2, exact.scale())).toPlainString();
    }

    private record Rule(String name, Function<Payload, Optional<String>> check) {
    }

    private record ToolCheck(String name, String tool, Function<Payload, Map<String, Object>> arguments,
                             Function<ToolResult, Optional<String>> verdict) {
    }

    /** Builder; {@link #build} rejects a validator without rules. Defaults: capability READ, the default retry policy. */
    public static final class Builder extends OrchestratorBuilder<Builder, Validator> {
        private final List<Rule> rules = new ArrayList<>();
        private final List<ToolCheck> checks = new ArrayList<>();
        private final Set<String> names = new LinkedHashSet<>();

        private Builder() {
            super(KIND, Capability.READ);
        }

        /**
         * A rule on the payload: an empty result passes, a present one is the reason the request is blocked.
         * It must be fast and must not block; it runs before every tool check.
         *
         * @throws ConfigurationException when {@code name} is blank or another rule or check has it
         */
        public Builder rule(String name, Function<Payload, Optional<String>> check) {
            rules.add(new Rule(unique(name), Objects.requireNonNull(check, "check")));
            return this;
        }

        /**
         * A check by a tool (a policy service, a risk score): {@code tool} is called with {@code arguments} of the
         * payload, and {@code verdict} turns its answer into a blocking reason, or empty to pass.
         *
         * @throws ConfigurationException when {@code name} or {@code tool} is blank, or the name is taken
         */
        public Builder check(String name, String tool, Function<Payload, Map<String, Object>> arguments,
                             Function<ToolResult, Optional<String>> verdict) {
            if (tool == null || tool.isBlank()) {
                throw new ConfigurationException("check '" + name + "' of validator '" + name() + "' needs a tool");
            }
            checks.add(new ToolCheck(unique(name), tool, Objects.requireNonNull(arguments, "arguments"),
                    Objects.requireNonNull(verdict, "verdict")));
            return this;
        }

        /**
         * A check that blocks when the number {@code tool} answers in {@code scoreField} is above {@code max}
         * (reason: {@code "<scoreField> 0.93 > 0.80"}). An answer without a finite number there fails the run.
         *
         * @throws ConfigurationException when a name is blank or taken
         */
        public Builder maxScore(String name, String tool, Function<Payload, Map<String, Object>> arguments,
                                String scoreField, double max) {
            if (scoreField == null || scoreField.isBlank()) {
                throw new ConfigurationException("check '" + name + "' of validator '" + name() + "' needs a score field");
            }
            return check(name, tool, arguments, result -> {
                if (!(result.field(scoreField) instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                    throw new RuleFailedException(name, "tool '" + tool + "' answered without a numeric '" + scoreField
                            + "'", null);
                }
                double score = number.doubleValue();
                return score > max ? Optional.of(scoreField + " " + formatScore(score) + " > " + formatScore(max))
                        : Optional.empty();
            });
        }

        private String unique(String ruleName) {
            if (ruleName == null || ruleName.isBlank()) {
                throw new ConfigurationException("a rule of validator '" + name() + "' needs a non-blank name");
            }
            if (!names.add(ruleName)) {
                throw new ConfigurationException("validator '" + name() + "' has two rules named '" + ruleName + "'");
            }
            return ruleName;
        }

        /** @throws ConfigurationException when there is no rule or check, or the shared settings are invalid */
        @Override
        public Validator build(OrchestratorContext context) {
            if (names.isEmpty()) {
                throw new ConfigurationException("validator '" + name() + "' needs at least one rule or check");
            }
            return new Validator(this, context);
        }
    }
}
