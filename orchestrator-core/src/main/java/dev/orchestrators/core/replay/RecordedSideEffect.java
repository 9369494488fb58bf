package dev.orchestrators.core.replay;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import java.util.Map;
import java.util.Objects;

/**
 * What the audit recorded of one side effect (by its idempotency key): performed now with the tool's answer,
 * found performed earlier with its id, or failed with the tool's last error. Immutable.
 *
 * @param key     the idempotency key
 * @param tool    the tool that was called
 * @param outcome what happened
 * @param id      the side effect's id ({@code PERFORMED_EARLIER}; also {@code PERFORMED} when known)
 * @param answer  the tool's answer ({@code PERFORMED})
 * @param error   the tool's last error ({@code FAILED})
 */
public record RecordedSideEffect(String key, String tool, Outcome outcome, String id, Map<String, Object> answer,
                                 RecordedError error) {

    public RecordedSideEffect {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outcome, "outcome");
        answer = answer == null ? null : Map.copyOf(answer);
    }

    /** What happened to a side effect. */
    public enum Outcome {
        /** The tool performed it; its answer is recorded. */
        PERFORMED,
        /** It had been performed before (the ledger said so); the tool was not called. */
        PERFORMED_EARLIER,
        /** The tool call failed for good. */
        FAILED
    }

    /**
     * The error a tool answered on its last attempt. Immutable.
     *
     * @param failureClass transient or permanent, as it was classified
     * @param type         its type, as envelopes name it ({@code ToolTimeout}, {@code Unavailable}, ...)
     * @param message      its message
     */
    public record RecordedError(FailureClass failureClass, String type, String message) {
        public RecordedError {
            Objects.requireNonNull(failureClass, "failureClass");
            Objects.requireNonNull(type, "type");
        }

        /** The same error again, for the replayed call to fail as the recorded one did. */
        public OrchestratorException toException() {
            return failureClass == FailureClass.TRANSIENT ? new TransientException(type, message, null)
                    : new PermanentException(type, message, null);
        }
    }
}
