package dev.orchestrators.core.kinds.saga;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.OrchestratorException;
import java.util.List;
import java.util.Map;

/**
 * A saga step failed and the completed steps were compensated (or their compensation failed): the run
 * ends FAILED with the failing step's class and type, and {@code metadata.details.saga} says what was done
 * and what was undone.
 */
public final class SagaFailedException extends OrchestratorException {
    private final FailureClass failureClass;
    private final Map<String, Object> details;
    private final String failedStep;

    public SagaFailedException(String failedStep, FailureClass failureClass, String type, String message,
                               List<SagaStepReport> steps) {
        super(type, "step '" + failedStep + "' failed: " + message + "; " + SagaReport.summary(steps), null);
        this.failureClass = failureClass;
        this.failedStep = failedStep;
        this.details = Map.of("saga", SagaReport.details(failedStep, steps));
    }

    @Override
    public FailureClass failureClass() {
        return failureClass;
    }

    @Override
    public String failedStep() {
        return failedStep;
    }

    @Override
    public Map<String, Object> details() {
        return details;
    }
}
