package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.OrchestratorException;

/**
 * Not a failure: a root orchestrator run with {@link ExecutionOptions#handOff()} ends its in-process part
 * and hands the rest to the runtime, which continues it on other topics (a router's request goes to the
 * chosen sub-flow, a saga's compensations to its compensation topic). Like a retry deferral it produces no
 * envelope and no audit entry of its own; orchestrators must let it propagate.
 */
public abstract class HandOffException extends OrchestratorException {

    protected HandOffException(String type, String message) {
        super(type, message, null);
    }

    @Override
    public final FailureClass failureClass() {
        return FailureClass.TRANSIENT;
    }

    @Override
    public final synchronized Throwable fillInStackTrace() {
        return this; // control flow, not an error: no stack trace to pay for
    }
}
