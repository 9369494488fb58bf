package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.envelope.Payload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
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
    private final List<Step> steps;
    private final List<String> requiredFields;
    private final Consumer<Payload> validator;

    private Coordinator(Builder b, OrchestratorContext context) {
        super(b.name, new OrchestratorSettings(b.capabilities, b.retryPolicy, b.toolTimeout), context);
        this.steps = List.copyOf(b.steps);
        this.requiredFields = List.copyOf(b.requiredFields);
        this.validator = b.validator;
    }

    public static Builder newBuilder(String name) {
        return new Builder(name);
    }

    /** The steps, in the order they run. */
    public List<Step> steps() {
        return steps;
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
        return StepRunner.run(run, steps.get(index), this, soFar.records())
                .thenCompose(outcome -> runFrom(index + 1, run, merge(soFar, outcome)));
    }

    private static StepOutcome merge(StepOutcome before, StepOutcome after) {
        if (!before.partial()) {
            return after;
        }
        if (after.halted()) {
            return new StepOutcome(after.records(), after.halt(), after.reason() + "; " + before.reason(), true);
        }
        String reason = after.partial() ? before.reason() + "; " + after.reason() : before.reason();
        return StepOutcome.partial(after.records(), reason);
    }

    /** Builder; {@link #build} rejects an empty or duplicated step list. */
    public static final class Builder {
        private final String name;
        private final List<Step> steps = new ArrayList<>();
        private final List<String> requiredFields = new ArrayList<>();
        private Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        private RetryPolicy retryPolicy = RetryPolicy.ofDefaults();
        private Duration toolTimeout = OrchestratorSettings.DEFAULT_TOOL_TIMEOUT;
        private Consumer<Payload> validator = payload -> { };

        private Builder(String name) {
            this.name = name;
        }

        /** The capabilities the coordinator's own steps may use (nested orchestrators declare their own). */
        public Builder capabilities(Capability... granted) {
            this.capabilities = granted.length == 0 ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(List.of(granted));
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = policy;
            return this;
        }

        public Builder toolTimeout(Duration timeout) {
            this.toolTimeout = timeout;
            return this;
        }

        /** Payload fields that must be non-blank strings. */
        public Builder requirePayloadFields(String... fields) {
            requiredFields.addAll(List.of(fields));
            return this;
        }

        /** An extra payload check; throw {@code InvalidPayloadException} to reject. */
        public Builder validator(Consumer<Payload> check) {
            this.validator = check;
            return this;
        }

        public Builder step(Step step) {
            steps.add(step);
            return this;
        }

        /** @throws ConfigurationException when there are no steps or two steps share a name */
        public Coordinator build(OrchestratorContext context) {
            if (steps.isEmpty()) {
                throw new ConfigurationException("coordinator '" + name + "' needs at least one step");
            }
            Set<String> seen = new HashSet<>();
            for (Step step : steps) {
                if (!seen.add(step.name())) {
                    throw new ConfigurationException("coordinator '" + name + "' has two steps named '" + step.name() + "'");
                }
            }
            return new Coordinator(this, context);
        }
    }
}
