package dev.orchestrators.core.kinds.saga;

import dev.orchestrators.core.envelope.ErrorInfo;
import dev.orchestrators.core.envelope.StepRun;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a root saga run under {@code ExecutionOptions.handOff()} leaves to the runtime when a step failed after
 * others succeeded: the runtime writes {@link #compensations()} to the saga's compensation topic in the same
 * transaction as the saga's state, runs them in order, and answers with the final envelope once the last one is
 * recorded. Immutable.
 *
 * @param failedStep    the step that failed
 * @param error         the failing step's error, for the final envelope
 * @param steps         every step's report so far (DONE, FAILED, NOT_RUN), in step order
 * @param compensations the compensations to run, in order (the last completed step first); never empty
 * @param startedAt     when the saga run started, for the final envelope
 * @param stepRuns      the steps the forward pass ran, for the final envelope's {@code metadata.steps}
 */
public record CompensationPlan(String failedStep, ErrorInfo error, List<SagaStepReport> steps,
                               List<Compensation> compensations, Instant startedAt, List<StepRun> stepRuns) {

    public CompensationPlan {
        Objects.requireNonNull(failedStep, "failedStep");
        Objects.requireNonNull(error, "error");
        steps = List.copyOf(steps);
        compensations = List.copyOf(compensations);
        if (compensations.isEmpty()) {
            throw new IllegalArgumentException("a saga with nothing to undo fails in process; a plan has compensations");
        }
        Objects.requireNonNull(startedAt, "startedAt");
        stepRuns = List.copyOf(stepRuns);
    }
}
