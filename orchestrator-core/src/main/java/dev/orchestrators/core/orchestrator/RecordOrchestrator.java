package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.internal.RunContext;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The step adapter every record-processing kind shares (enricher, transformer, validator, delivery,
 * executor, ...): an orchestrator that is also a {@link Step}.
 * <ul>
 *   <li>Nested in a sequence, it works on the records of the step before, under its own name,
 *       capabilities and retry policy (provenance and {@code metadata.steps} name it).</li>
 *   <li>Run on its own, it reads {@code payload.records} ({@code [{"key": ..., "fields": {...}}]}).</li>
 * </ul>
 * Subclasses implement {@link #process} only. Thread-safe as long as they keep no per-run state in fields.
 */
public abstract class RecordOrchestrator extends BaseOrchestrator implements Step {

    protected RecordOrchestrator(String name, OrchestratorSettings settings, OrchestratorContext context) {
        super(name, settings, context);
    }

    /** Works on {@code input} as this orchestrator; must not block. */
    protected abstract CompletionStage<StepOutcome> process(StepContext context, List<EnvelopeRecord> input);

    /** Requires {@code records}; override (calling super) to check more. */
    @Override
    public void validatePayload(Payload payload) {
        super.validatePayload(payload);
        PayloadRecords.validate(payload);
    }

    @Override
    protected CompletionStage<StepOutcome> perform(RunContext run) {
        return runStep(run, this, PayloadRecords.read(run, name()));
    }

    @Override
    public final CompletionStage<StepOutcome> apply(StepContext outer, List<EnvelopeRecord> input) {
        return process(outer.asOrchestrator(name(), settings()), input);
    }
}
