package dev.orchestrators.core.internal;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.ErrorInfo;
import dev.orchestrators.core.envelope.Metadata;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.orchestrator.StepOutcome;
import java.util.Map;

/** Turns the envelope of an orchestrator run inside another (a router's sub-flow) into the outer step's outcome. */
public final class EnvelopeOutcomes {
    private EnvelopeOutcomes() {
    }

    /**
     * OK, PARTIAL, BLOCKED and DISABLED envelopes become the outcome with the same records, status, reason
     * and details.
     *
     * @throws SubRunFailedException for a FAILED envelope, with its error's class, type and message
     */
    public static StepOutcome toOutcome(Envelope envelope) {
        Metadata m = envelope.metadata();
        StepOutcome outcome = switch (m.status()) {
            case OK -> StepOutcome.proceed(envelope.records());
            case PARTIAL -> StepOutcome.partial(envelope.records(), m.reason() == null ? "partial" : m.reason());
            case BLOCKED, DISABLED -> StepOutcome.halt(envelope.records(), m.status(), m.reason() == null ? m.status().name() : m.reason());
            case FAILED -> throw new SubRunFailedException(m);
        };
        return outcome.withEarlierDetails(m.details());
    }

    /** A nested run ended FAILED: the outer run fails the same way. */
    public static final class SubRunFailedException extends OrchestratorException {
        private final FailureClass failureClass;
        private final Map<String, Object> details;
        private final String step;

        SubRunFailedException(Metadata failed) {
            super(failed.error().type(), failed.orchestrator() + ": " + failed.error().message(), null);
            ErrorInfo error = failed.error();
            this.failureClass = error.failureClass();
            this.details = failed.details();
            this.step = error.step();
        }

        @Override
        public FailureClass failureClass() {
            return failureClass;
        }

        @Override
        public String failedStep() {
            return step;
        }

        @Override
        public Map<String, Object> details() {
            return details;
        }
    }
}
