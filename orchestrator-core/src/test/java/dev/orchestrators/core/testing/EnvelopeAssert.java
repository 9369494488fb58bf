package dev.orchestrators.core.testing;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.FailureClass;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on envelopes that say what was actually found. */
public final class EnvelopeAssert extends AbstractAssert<EnvelopeAssert, Envelope> {

    private EnvelopeAssert(Envelope actual) {
        super(actual, EnvelopeAssert.class);
    }

    public static EnvelopeAssert assertThat(Envelope envelope) {
        return new EnvelopeAssert(envelope);
    }

    public EnvelopeAssert hasStatus(RunStatus expected) {
        isNotNull();
        if (actual.status() != expected) {
            failWithMessage("expected status %s but was %s (reason=%s, error=%s)", expected, actual.status(),
                    actual.metadata().reason(), actual.metadata().error());
        }
        return this;
    }

    public EnvelopeAssert hasRunId(String expected) {
        isNotNull();
        if (!actual.runId().equals(expected)) {
            failWithMessage("expected run_id %s but was %s", expected, actual.runId());
        }
        return this;
    }

    public EnvelopeAssert failedWith(FailureClass failureClass, String type, String step) {
        hasStatus(RunStatus.FAILED);
        var error = actual.metadata().error();
        if (error.failureClass() != failureClass || !error.type().equals(type)
                || (step != null && !step.equals(error.step()))) {
            failWithMessage("expected error %s/%s at step %s but was %s", failureClass, type, step, error);
        }
        return this;
    }

    public EnvelopeAssert hasRecordKeys(String... keys) {
        isNotNull();
        List<String> actualKeys = actual.records().stream().map(EnvelopeRecord::key).toList();
        if (!actualKeys.equals(List.of(keys))) {
            failWithMessage("expected record keys %s but were %s", List.of(keys), actualKeys);
        }
        return this;
    }

    public EnvelopeAssert hasStepsInOrder(String... steps) {
        isNotNull();
        List<String> names = actual.metadata().steps().stream().map(s -> s.name()).toList();
        if (!names.equals(List.of(steps))) {
            failWithMessage("expected steps %s but ran %s", List.of(steps), names);
        }
        return this;
    }

    /** Every record carries provenance of this run, and its last entry names {@code step} and {@code action}. */
    public EnvelopeAssert everyRecordLastTouchedBy(String orchestrator, String step, String action) {
        isNotNull();
        for (EnvelopeRecord record : actual.records()) {
            if (record.provenance().isEmpty()) {
                failWithMessage("record %s has no provenance", record.key());
            }
            for (Provenance p : record.provenance()) {
                if (!p.runId().equals(actual.runId())) {
                    failWithMessage("record %s has provenance of run %s, not %s", record.key(), p.runId(), actual.runId());
                }
            }
            Provenance last = record.provenance().get(record.provenance().size() - 1);
            if (!last.orchestrator().equals(orchestrator) || !last.step().equals(step) || !last.action().equals(action)) {
                failWithMessage("record %s was last touched by %s/%s/%s, expected %s/%s/%s", record.key(),
                        last.orchestrator(), last.step(), last.action(), orchestrator, step, action);
            }
        }
        return this;
    }
}
