package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.RunStatus;
import java.util.List;
import java.util.Objects;

/**
 * What a step hands on: its records, and whether the run goes on. Immutable.
 *
 * @param records the records after the step
 * @param halt    {@code null} to go on; BLOCKED or DISABLED to stop the run with that status
 * @param reason  why the run halted or is partial
 * @param partial true when some records could not be processed and were passed on unchanged
 */
public record StepOutcome(List<EnvelopeRecord> records, RunStatus halt, String reason, boolean partial) {

    public StepOutcome {
        records = List.copyOf(records);
        if (halt != null && halt != RunStatus.BLOCKED && halt != RunStatus.DISABLED) {
            throw new IllegalArgumentException("a step halts a run only as BLOCKED or DISABLED, was " + halt);
        }
        if ((halt != null || partial) && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a halted or partial outcome needs a reason");
        }
    }

    public static StepOutcome proceed(List<EnvelopeRecord> records) {
        return new StepOutcome(records, null, null, false);
    }

    public static StepOutcome partial(List<EnvelopeRecord> records, String reason) {
        return new StepOutcome(records, null, reason, true);
    }

    public static StepOutcome halt(List<EnvelopeRecord> records, RunStatus status, String reason) {
        return new StepOutcome(records, Objects.requireNonNull(status, "status"), reason, false);
    }

    public boolean halted() {
        return halt != null;
    }
}
