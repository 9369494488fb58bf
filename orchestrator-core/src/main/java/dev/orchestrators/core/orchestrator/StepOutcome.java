package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.RunStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a step hands on: its records, and whether the run goes on. Immutable.
 *
 * @param records the records after the step
 * @param halt    {@code null} to go on; BLOCKED or DISABLED to stop the run with that status
 * @param reason  why the run halted or is partial
 * @param partial true when some records could not be processed and were passed on unchanged
 * @param details what the step reports for {@code metadata.details} (a validation report, the sources that
 *                failed); later steps add to it, a later value under the same key wins
 * @param answer  the whole final envelope, when another flow's orchestrator answered the run (a router's sub-flow):
 *                it is the run's envelope as is; {@code null} otherwise
 */
public record StepOutcome(List<EnvelopeRecord> records, RunStatus halt, String reason, boolean partial,
                          Map<String, Object> details, Envelope answer) {

    public StepOutcome {
        records = List.copyOf(records);
        details = details == null || details.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
        if (halt != null && halt != RunStatus.BLOCKED && halt != RunStatus.DISABLED) {
            throw new IllegalArgumentException("a step halts a run only as BLOCKED or DISABLED, was " + halt);
        }
        if ((halt != null || partial) && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a halted or partial outcome needs a reason");
        }
    }

    public StepOutcome(List<EnvelopeRecord> records, RunStatus halt, String reason, boolean partial,
                       Map<String, Object> details) {
        this(records, halt, reason, partial, details, null);
    }

    public StepOutcome(List<EnvelopeRecord> records, RunStatus halt, String reason, boolean partial) {
        this(records, halt, reason, partial, Map.of());
    }

    /** The run is answered by {@code envelope}, another flow's, as is (a router answers with its sub-flow's envelope). */
    public static StepOutcome answeredBy(Envelope envelope) {
        return new StepOutcome(envelope.records(), null, null, false, Map.of(), Objects.requireNonNull(envelope, "envelope"));
    }

    public static StepOutcome proceed(List<EnvelopeRecord> records) {
        return new StepOutcome(records, null, null, false, Map.of());
    }

    public static StepOutcome partial(List<EnvelopeRecord> records, String reason) {
        return new StepOutcome(records, null, reason, true, Map.of());
    }

    public static StepOutcome halt(List<EnvelopeRecord> records, RunStatus status, String reason) {
        return new StepOutcome(records, Objects.requireNonNull(status, "status"), reason, false, Map.of());
    }

    /** A copy with {@code key} set to {@code value} in {@link #details()}. */
    public StepOutcome withDetail(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(key, value);
        return new StepOutcome(records, halt, reason, partial, more, answer);
    }

    /** A copy whose details are {@code earlier}'s, overridden by this outcome's own. */
    public StepOutcome withEarlierDetails(Map<String, Object> earlier) {
        if (earlier.isEmpty()) {
            return this;
        }
        Map<String, Object> merged = new LinkedHashMap<>(earlier);
        merged.putAll(details);
        return new StepOutcome(records, halt, reason, partial, merged, answer);
    }

    public boolean halted() {
        return halt != null;
    }
}
