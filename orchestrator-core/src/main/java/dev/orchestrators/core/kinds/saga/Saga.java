package dev.orchestrators.core.kinds.saga;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.ErrorInfo;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.internal.RunContext;
import dev.orchestrators.core.kinds.executor.CompensationInput;
import dev.orchestrators.core.kinds.executor.Executor;
import dev.orchestrators.core.kinds.validator.Validator;
import dev.orchestrators.core.ledger.SideEffect;
import dev.orchestrators.core.monitoring.MonitoringEvent;
import dev.orchestrators.core.orchestrator.BaseOrchestrator;
import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.OrchestratorBuilder;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.RunOutcome;
import dev.orchestrators.core.orchestrator.Step;
import dev.orchestrators.core.orchestrator.StepContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.retry.RetryDeferredException;
import dev.orchestrators.core.tool.Capability;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Several side-effecting steps that succeed together or are undone together. Each step is an
 * {@link Executor} that names its compensator. Steps run in order, each performed at most once per run
 * (the side-effect ledger); when a step fails after others succeeded, the completed steps are compensated
 * in reverse order, each compensator at most once (idempotency key {@code <run_id>:<step>:compensate}),
 * and the run ends FAILED with the failing step's error and {@code metadata.details.saga}: what was done
 * and what was undone. A compensator that fails is reported ({@code compensation_failed}, an
 * {@code orchestrator.alert} event) and the others still run.
 *
 * <p>On the Kafka runtime ({@code ExecutionOptions.handOff()}), a failing saga does not compensate in
 * process: it hands its {@link Compensation}s to the runtime (a {@link RunOutcome.CompensationRequired} outcome), which
 * writes them to {@code <flow>.compensations} in the same transaction as the saga's state, and runs each
 * with {@link #compensate}. Run in process (tests, {@code Worker}, nested as a step) it compensates itself.
 *
 * <pre>{@code
 * Saga provisioning = Saga.newBuilder("account_provisioning")
 *     .validateWith(policy)                    // optional, runs first
 *     .step(createCrmRecord)                   // Executor with compensator "crm_delete"
 *     .step(grantAccess)                       // Executor with compensator "revoke_access"
 *     .step(sendWelcome)                       // the last step needs no compensator
 *     .build(context);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Saga extends BaseOrchestrator implements Step {
    /** The kind's name. */
    public static final String KIND = "saga";

    private final Validator validator;
    private final List<Executor> steps;

    private Saga(Builder b, OrchestratorContext context) {
        super(b.name(), b.settings(), context);
        this.validator = b.validator;
        this.steps = List.copyOf(b.steps);
    }

    public static Builder newBuilder(String name) {
        return new Builder().name(name);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The steps, in the order they run. */
    public List<Executor> steps() {
        return steps;
    }

    @Override
    protected Set<String> toolNames() {
        Set<String> compensators = new LinkedHashSet<>();
        steps.forEach(step -> step.compensatorTool().ifPresent(compensators::add));
        return compensators;
    }

    @Override
    protected List<Description> parts() {
        List<Description> parts = new ArrayList<>();
        if (validator != null) {
            parts.add(validator.describe());
        }
        steps.forEach(step -> parts.add(step.describe()));
        return parts;
    }

    @Override
    protected CompletionStage<StepOutcome> perform(RunContext run) {
        return forward(new Progress(run, null, run.options().handOff()));
    }

    @Override
    public CompletionStage<StepOutcome> apply(StepContext outer, List<EnvelopeRecord> input) {
        return forward(new Progress(outer.run(), outer.asOrchestrator(name(), settings()), false));
    }

    private CompletionStage<StepOutcome> forward(Progress progress) {
        for (Executor step : steps) {
            if (progress.services().sideEffects().find(progress.runId(), Executor.compensationKey(progress.runId(), step.name())).isPresent()) {
                // Its completed steps were undone: running it again would report them done. A new run id starts afresh.
                return CompletableFuture.failedFuture(new PermanentException("SagaAlreadyCompensated", "saga run " + progress.runId()
                        + " was compensated (step '" + step.name() + "' was undone); publish the request with a new run_id to try again", null));
            }
        }
        if (validator == null) {
            return step(progress, 0);
        }
        return progress.run(validator).thenCompose(outcome ->
                outcome.halted() ? CompletableFuture.completedFuture(outcome) : step(progress, 0));
    }

    private CompletionStage<StepOutcome> step(Progress progress, int index) {
        if (index == steps.size()) {
            List<SagaStepReport> reports = new ArrayList<>();
            progress.done.forEach(d -> reports.add(new SagaStepReport(d.step(), SagaStepReport.Status.DONE, d.effect().id(), null, null)));
            return CompletableFuture.completedFuture(StepOutcome.proceed(progress.records)
                    .withDetail("saga", SagaReport.details(null, reports)));
        }
        Executor executor = steps.get(index);
        return progress.run(executor).handle((outcome, failure) -> {
            if (failure != null) {
                Throwable cause = FailureClassifier.unwrap(failure);
                if (cause instanceof RetryDeferredException) {
                    throw (OrchestratorException) cause;
                }
                return failAt(progress, index, errorOf(progress, executor.name(), cause));
            }
            if (outcome.halted()) {
                return failAt(progress, index, ErrorInfo.of(FailureClass.PERMANENT, outcome.halt().name(), outcome.reason(), executor.name()));
            }
            // An executor passes the records before it on and adds its own.
            progress.records.clear();
            progress.records.addAll(outcome.records());
            progress.done.add(new Done(executor, effectOf(progress.runId(), executor, outcome)));
            return step(progress, index + 1);
        }).thenCompose(Function.identity());
    }

    private static ErrorInfo errorOf(Progress progress, String step, Throwable cause) {
        FailureClass failureClass = cause instanceof OrchestratorException oe ? oe.failureClass()
                : progress.services().classifier().classify(cause);
        String type = cause instanceof OrchestratorException oe ? oe.type() : cause.getClass().getSimpleName();
        return ErrorInfo.of(failureClass, type, cause.getMessage() == null ? type : cause.getMessage(), step);
    }

    /** The side effect the executor's record reports; the ledger recorded it under the same key. */
    private SideEffect effectOf(String runId, Executor executor, StepOutcome outcome) {
        Object id = outcome.records().stream().filter(r -> r.key().equals(executor.name())).reduce((a, b) -> b)
                .map(r -> r.field("side_effect_id")).orElse(null);
        if (id == null) {
            throw new PermanentException("MissingSideEffectId", "saga '" + name() + "': step '" + executor.name()
                    + "' reported no side_effect_id, so it could not be compensated", null);
        }
        return new SideEffect(Executor.sideEffectKey(runId, executor.name()), id.toString(), executor.tool(), context().clock().instant());
    }

    private CompletionStage<StepOutcome> failAt(Progress progress, int index, ErrorInfo error) {
        List<SagaStepReport> reports = new ArrayList<>();
        progress.done.forEach(d -> reports.add(new SagaStepReport(d.step(), SagaStepReport.Status.DONE, d.effect().id(), null, null)));
        reports.add(new SagaStepReport(steps.get(index).name(), SagaStepReport.Status.FAILED, null, null, error.message()));
        for (int i = index + 1; i < steps.size(); i++) {
            reports.add(new SagaStepReport(steps.get(i).name(), SagaStepReport.Status.NOT_RUN, null, null, null));
        }
        List<Compensation> plan = plan(progress, index);
        if (plan.isEmpty()) {
            return CompletableFuture.failedFuture(failed(error, reports));
        }
        if (progress.handOff) {
            return progress.run.handOff(new RunOutcome.CompensationRequired(new CompensationPlan(error.step(), error,
                    reports, plan, progress.run.startedAt(), progress.run.steps())));
        }
        return compensateInOrder(progress, plan, 0, reports)
                .thenCompose(done -> CompletableFuture.failedFuture(failed(error, done)));
    }

    private SagaFailedException failed(ErrorInfo error, List<SagaStepReport> reports) {
        return new SagaFailedException(error.step(), error.failureClass(), error.type(), error.message(), reports);
    }

    /** The compensations of the completed steps before {@code failedIndex}, the last completed first. */
    private List<Compensation> plan(Progress progress, int failedIndex) {
        List<Compensation> plan = new ArrayList<>();
        List<Done> done = progress.done;
        for (int i = done.size() - 1; i >= 0; i--) {
            Done d = done.get(i);
            Executor executor = d.executor();
            String tool = executor.compensatorTool().orElseThrow(() -> new ConfigurationException(
                    "saga '" + name() + "': step '" + executor.name() + "' has no compensator"));
            Map<String, Object> args = executor.compensationArguments(
                    new CompensationInput(progress.runId(), d.effect(), progress.run.payload()));
            plan.add(new Compensation(progress.runId(), progress.run.flow(), executor.name(), tool,
                    Executor.compensationKey(progress.runId(), executor.name()), args, d.effect(), plan.size(), done.size()));
        }
        return plan;
    }

    private CompletionStage<List<SagaStepReport>> compensateInOrder(Progress progress, List<Compensation> plan, int index,
                                                                    List<SagaStepReport> reports) {
        if (index == plan.size()) {
            return CompletableFuture.completedFuture(reports);
        }
        Compensation c = plan.get(index);
        return compensate(progress.compensationContext(c.step()), c)
                .thenCompose(report -> compensateInOrder(progress, plan, index + 1, withReport(reports, report)));
    }

    /** {@code reports} with the entry of {@code report.step()} replaced by {@code report}. */
    public static List<SagaStepReport> withReport(List<SagaStepReport> reports, SagaStepReport report) {
        List<SagaStepReport> updated = new ArrayList<>(reports.size());
        for (SagaStepReport r : reports) {
            updated.add(r.step().equals(report.step()) ? report : r);
        }
        return updated;
    }

    /**
     * Runs one compensation, at most once per its idempotency key, and audits its outcome
     * ({@code COMPENSATION}). The runtime calls this for each command it reads from the compensation topic.
     *
     * @return the step's report: UNDONE with the compensation id, or COMPENSATION_FAILED with the error; the
     *         stage fails only with a {@link RetryDeferredException} (a long back-off the runtime waits out)
     */
    public CompletionStage<SagaStepReport> compensate(Compensation compensation, ExecutionOptions options) {
        RunContext run = RunContext.detached(new Payload(compensation.runId(), Map.of()), compensation.flow(), options, context());
        return compensate(run.stepContext("compensate:" + compensation.step(), name(), settings()), compensation);
    }

    private CompletionStage<SagaStepReport> compensate(StepContext context, Compensation c) {
        SagaStepReport base = new SagaStepReport(c.step(), SagaStepReport.Status.DONE, c.effect().id(), null, null);
        return context.performOnce(c.tool(), c.key(), c.arguments(), null).handle((performed, failure) -> {
            if (failure == null) {
                audit(context, c, performed.repeated() ? "already_compensated" : "compensated", performed.effect().id(), null,
                        performed.answer());
                return base.withStatus(SagaStepReport.Status.UNDONE, performed.effect().id(), null);
            }
            Throwable cause = FailureClassifier.unwrap(failure);
            if (cause instanceof RetryDeferredException deferred) {
                throw deferred;
            }
            String error = cause instanceof OrchestratorException oe ? oe.type() + ": " + oe.getMessage() : cause.toString();
            audit(context, c, "compensation_failed", null, error, null);
            context.services().monitoring().logEvent(new MonitoringEvent("orchestrator.alert", c.runId(), name(),
                    context.now(), Map.of("alert", "compensation_failed", "step", c.step(), "flow", c.flow())));
            return base.withStatus(SagaStepReport.Status.COMPENSATION_FAILED, null, error);
        });
    }

    private void audit(StepContext context, Compensation c, String outcome, String compensationId, String error,
                       Map<String, Object> answer) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("step", c.step());
        details.put("compensator", c.tool());
        details.put("idempotency_key", c.key());
        details.put("side_effect_id", c.effect().id());
        details.put("outcome", outcome);
        if (compensationId != null) {
            details.put("compensation_id", compensationId);
        }
        if (error != null) {
            details.put("error", error);
        }
        if (answer != null) {
            details.put("result", answer);
        }
        context.services().auditStore().append(new AuditRecord(AuditKind.COMPENSATION, c.runId(), c.flow(), name(),
                c.step(), context.now(), null, details));
    }

    /** The state of one run's forward pass: confined to its sequential stages. */
    private final class Progress {
        final RunContext run;
        final StepContext nested;
        final boolean handOff;
        final List<EnvelopeRecord> records = new ArrayList<>();
        final List<Done> done = new ArrayList<>();

        Progress(RunContext run, StepContext nested, boolean handOff) {
            this.run = run;
            this.nested = nested;
            this.handOff = handOff;
        }

        String runId() {
            return run.runId();
        }

        OrchestratorContext services() {
            return run.services();
        }

        CompletionStage<StepOutcome> run(Step step) {
            return nested == null ? runStep(run, step, List.copyOf(records)) : step.apply(nested, List.copyOf(records));
        }

        StepContext compensationContext(String step) {
            return run.stepContext("compensate:" + step, name(), settings());
        }
    }

    private record Done(Executor executor, SideEffect effect) {
        String step() {
            return executor.name();
        }
    }

    /**
     * Builder. Defaults: name {@code saga}, capability WRITE (for the compensators, which the saga calls;
     * each executor declares its own).
     */
    public static final class Builder extends OrchestratorBuilder<Builder, Saga> {
        private final List<Executor> steps = new ArrayList<>();
        private Validator validator;

        private Builder() {
            super(KIND, Capability.WRITE);
        }

        /** A validator run before the first step; a blocked request performs nothing. */
        public Builder validateWith(Validator value) {
            this.validator = Objects.requireNonNull(value, "validator");
            return this;
        }

        /** The next step: an executor whose side effect can be undone by its compensator. */
        public Builder step(Executor executor) {
            steps.add(Objects.requireNonNull(executor, "executor"));
            return this;
        }

        /**
         * @throws ConfigurationException when there is no step, two steps share a name, or a step other than
         *                                the last names no compensator
         */
        @Override
        public Saga build(OrchestratorContext context) {
            if (steps.isEmpty()) {
                throw new ConfigurationException("saga '" + name() + "' needs at least one step");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < steps.size(); i++) {
                Executor step = steps.get(i);
                if (!seen.add(step.name())) {
                    throw new ConfigurationException("saga '" + name() + "' has two steps named '" + step.name() + "'");
                }
                if (i < steps.size() - 1 && step.compensatorTool().isEmpty()) {
                    throw new ConfigurationException("saga '" + name() + "': step '" + step.name()
                            + "' names no compensator; every step but the last must be reversible (Executor.compensator(...))");
                }
            }
            return new Saga(this, context);
        }
    }
}
