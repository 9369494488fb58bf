package dev.orchestrators.core.kinds.saga;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What happened to one step of a saga run, as listed in {@code metadata.details.saga.steps}. Immutable.
 *
 * @param step           the step (executor) name
 * @param status         where the step ended
 * @param sideEffectId   the id of its side effect, when it was performed
 * @param compensationId the id (or idempotency key) of its compensation, when it was undone
 * @param error          why it failed, or why its compensation failed
 */
public record SagaStepReport(String step, Status status, String sideEffectId, String compensationId, String error) {

    /** Where a saga step ended. */
    public enum Status {
        /** Performed, and the saga succeeded (or it has not been compensated yet). */
        DONE,
        /** Performed, then undone by its compensator. */
        UNDONE,
        /** Performed; its compensator failed: manual action is needed. */
        COMPENSATION_FAILED,
        /** The step that failed; nothing to undo. */
        FAILED,
        /** Not reached. */
        NOT_RUN
    }

    public SagaStepReport {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
    }

    public SagaStepReport withStatus(Status newStatus, String newCompensationId, String newError) {
        return new SagaStepReport(step, newStatus, sideEffectId, newCompensationId, newError);
    }

    /** The report as {@code {step, status, side_effect_id?, compensation_id?, error?}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("step", step);
        map.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        if (sideEffectId != null) {
            map.put("side_effect_id", sideEffectId);
        }
        if (compensationId != null) {
            map.put("compensation_id", compensationId);
        }
        if (error != null) {
            map.put("error", error);
        }
        return map;
    }

    /** A report read back from {@link #toMap()}. */
    public static SagaStepReport fromMap(Map<String, Object> map) {
        return new SagaStepReport((String) map.get("step"),
                Status.valueOf(((String) map.get("status")).toUpperCase(java.util.Locale.ROOT)),
                (String) map.get("side_effect_id"), (String) map.get("compensation_id"), (String) map.get("error"));
    }
}
