package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.OrchestratorException;
import java.util.Map;

/** Carries a step's failure, its class and the step's name up to the envelope. */
final class StepFailedException extends OrchestratorException {
    private final String step;
    private final FailureClass failureClass;

    StepFailedException(String step, FailureClass failureClass, String type, Throwable cause) {
        super(type, cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage(), cause);
        this.step = step;
        this.failureClass = failureClass;
    }

    String step() {
        return step;
    }

    @Override
    public String failedStep() {
        return getCause() instanceof OrchestratorException oe && oe.failedStep() != null ? oe.failedStep() : step;
    }

    @Override
    public FailureClass failureClass() {
        return failureClass;
    }

    @Override
    public Map<String, Object> details() {
        return getCause() instanceof OrchestratorException oe ? oe.details() : Map.of();
    }
}
