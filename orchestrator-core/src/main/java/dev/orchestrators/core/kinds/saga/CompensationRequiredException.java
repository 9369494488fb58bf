package dev.orchestrators.core.kinds.saga;

import dev.orchestrators.core.envelope.ErrorInfo;
import dev.orchestrators.core.envelope.StepRun;
import java.time.Instant;
import dev.orchestrators.core.orchestrator.HandOffException;
import java.util.List;
import java.util.Objects;

/**
 * A root saga run under {@code ExecutionOptions.handOff()} whose step failed after others succeeded: the
 * runtime writes {@link #compensations()} to the saga's compensation topic in the same transaction as the
 * saga's state, runs them in order, and answers with the final envelope once the last one is recorded.
 */
public final class CompensationRequiredException extends HandOffException {
    private final String failedStep;
    private final ErrorInfo error;
    private final List<SagaStepReport> steps;
    private final List<Compensation> compensations;
    private final Instant startedAt;
    private final List<StepRun> stepRuns;

    public CompensationRequiredException(String failedStep, ErrorInfo error, List<SagaStepReport> steps,
                                         List<Compensation> compensations, Instant startedAt, List<StepRun> stepRuns) {
        super("CompensationRequired", "step '" + failedStep + "' failed; " + compensations.size() + " step(s) to undo");
        this.failedStep = Objects.requireNonNull(failedStep, "failedStep");
        this.error = Objects.requireNonNull(error, "error");
        this.steps = List.copyOf(steps);
        this.compensations = List.copyOf(compensations);
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.stepRuns = List.copyOf(stepRuns);
    }

    /** When the saga run started, for the final envelope. */
    public Instant startedAt() {
        return startedAt;
    }

    /** The steps the forward pass ran, for the final envelope's {@code metadata.steps}. */
    public List<StepRun> stepRuns() {
        return stepRuns;
    }

    public String failedStep() {
        return failedStep;
    }

    /** The failing step's error, for the final envelope. */
    public ErrorInfo error() {
        return error;
    }

    /** Every step's report so far (DONE, FAILED, NOT_RUN), in step order. */
    public List<SagaStepReport> steps() {
        return steps;
    }

    /** The compensations to run, in order (the last completed step first). */
    public List<Compensation> compensations() {
        return compensations;
    }
}
