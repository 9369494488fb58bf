package dev.orchestrators.core.kinds.coordinator;

import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.internal.RunContext;
import dev.orchestrators.core.orchestrator.BaseOrchestrator;
import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.core.orchestrator.OrchestratorBuilder;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.Step;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.retry.RetryPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Runs steps in sequence (fetch, transform, persist, notify), handing each step the records of the one
 * before, and emits one envelope. The first step that fails stops the run: the envelope says FAILED
 * with that step in {@code metadata.error}. A step that halts (a closed delivery gate, a validator)
 * stops the run with its status. Transient tool failures are retried inside each step with the
 * coordinator's {@link RetryPolicy} (nested orchestrators use their own).
 *
 * <pre>{@code
 * Coordinator leadSync = Coordinator.newBuilder("lead_sync")
 *     .capabilities(Capability.READ)
 *     .requirePayloadFields("lead_id")
 *     .step(Steps.fetch("fetch_lead", "data_coordinator", p -> Map.of("lead_id", p.get("lead_id")), "lead_id"))
 *     .step(enricher)
 *     .step(delivery)
 *     .build(context);
 * }</pre>
 *
 * <p>Thread-safe: one instance serves many concurrent runs.
 */
public final class Coordinator extends BaseOrchestrator {
    /** The kind's name. */
    public static final String KIND = "coordinator";

    private final List<Step> steps;
    private final List<String> requiredFields;
    private final Consumer<Payload> validator;

    private Coordinator(Builder b, OrchestratorContext context) {
        super(b.name(), b.settings(), context);
        this.steps = List.copyOf(b.steps);
        this.requiredFields = List.copyOf(b.requiredFields);
        this.validator = b.validator;
    }

    public static Builder newBuilder(String name) {
        return new Builder().name(name);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The steps, in the order they run. */
    public List<Step> steps() {
        return steps;
    }

    @Override
    protected List<Description> parts() {
        return steps.stream().map(Step::describe).toList();
    }

    @Override
    public void validatePayload(Payload payload) {
        super.validatePayload(payload);
        requiredFields.forEach(payload::requireString);
        validator.accept(payload);
    }

    @Override
    protected CompletionStage<StepOutcome> perform(RunContext run) {
        return runFrom(0, run, StepOutcome.proceed(List.of()));
    }

    private CompletionStage<StepOutcome> runFrom(int index, RunContext run, StepOutcome soFar) {
        if (index == steps.size() || soFar.halted()) {
            return CompletableFuture.completedFuture(soFar);
        }
        return runStep(run, steps.get(index), soFar.records())
                .thenCompose(outcome -> runFrom(index + 1, run, merge(soFar, outcome)));
    }

    private static StepOutcome merge(StepOutcome before, StepOutcome after) {
        if (!before.partial()) {
            return after.withEarlierDetails(before.details());
        }
        if (after.halted()) {
            return new StepOutcome(after.records(), after.halt(), after.reason() + "; " + before.reason(), true,
                    after.details()).withEarlierDetails(before.details());
        }
        String reason = after.partial() ? before.reason() + "; " + after.reason() : before.reason();
        return new StepOutcome(after.records(), null, reason, true, after.details()).withEarlierDetails(before.details());
    }

    /** Builder; {@link #build} rejects an empty or duplicated step list. Defaults: no capabilities. */
    public static final class Builder extends OrchestratorBuilder<Builder, Coordinator> {
        private final List<Step> steps = new ArrayList<>();
        private final List<String> requiredFields = new ArrayList<>();
        private Consumer<Payload> validator = payload -> { };

        private Builder() {
            super("coordinator");
        }

        /** Payload fields that must be non-blank strings. */
        public Builder requirePayloadFields(String... fields) {
            requiredFields.addAll(List.of(fields));
            return this;
        }

        /** An extra payload check; throw {@code InvalidPayloadException} to reject. */
        public Builder validator(Consumer<Payload> check) {
            this.validator = Objects.requireNonNull(check, "check");
            return this;
        }

        public Builder step(Step step) {
            steps.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        /** @throws ConfigurationException when there are no steps or two steps share a name */
        @Override
        public Coordinator build(OrchestratorContext context) {
            if (steps.isEmpty()) {
                throw new ConfigurationException("coordinator '" + name() + "' needs at least one step");
            }
            Set<String> seen = new HashSet<>();
            for (Step step : steps) {
                if (!seen.add(step.name())) {
                    throw new ConfigurationException("coordinator '" + name() + "' has two steps named '" + step.name() + "'");
                }
            }
            return new Coordinator(this, context);
        }
    }
}
