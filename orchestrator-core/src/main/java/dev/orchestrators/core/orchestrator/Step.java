package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.envelope.EnvelopeRecord;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One step of a sequence (a coordinator's, a saga's): takes the records so far and returns the records
 * after it. Steps call tools only through {@link StepContext#call}, which enforces capabilities, retries and
 * time-outs. A step must not block: return a stage.
 *
 * <p>A failed stage stops the run; the envelope says FAILED with the step's name in {@code metadata.error}.
 */
public interface Step {

    /** Name used in {@code metadata.steps}, provenance and the {@code orchestrator.step.<name>} event. */
    String name();

    CompletionStage<StepOutcome> apply(StepContext context, List<EnvelopeRecord> input);

    /** What the step is, for start-up checks and listings; a plain step names no tools unless it says so. */
    default Description describe() {
        return Description.ofStep(name());
    }
}
