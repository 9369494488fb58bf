package dev.orchestrators.core.kinds.saga;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code metadata.details.saga}: what a saga run did and undid. */
public final class SagaReport {
    private SagaReport() {
    }

    /**
     * {@code {steps: [...]}} for a saga that succeeded; {@code {failed_step, compensated, steps: [...]}} for one
     * that failed, {@code compensated} true when every completed step was undone.
     */
    public static Map<String, Object> details(String failedStep, List<SagaStepReport> steps) {
        Map<String, Object> saga = new LinkedHashMap<>();
        if (failedStep != null) {
            saga.put("failed_step", failedStep);
            saga.put("compensated", steps.stream().noneMatch(s -> s.status() == SagaStepReport.Status.COMPENSATION_FAILED
                    || s.status() == SagaStepReport.Status.DONE));
        }
        List<Map<String, Object>> list = new ArrayList<>();
        steps.forEach(s -> list.add(s.toMap()));
        saga.put("steps", list);
        return saga;
    }

    /** One line for logs and error messages: "undone: b, a; compensation failed: c". */
    public static String summary(List<SagaStepReport> steps) {
        List<String> undone = new ArrayList<>();
        List<String> stuck = new ArrayList<>();
        for (SagaStepReport s : steps) {
            if (s.status() == SagaStepReport.Status.UNDONE) {
                undone.add(s.step());
            } else if (s.status() == SagaStepReport.Status.COMPENSATION_FAILED) {
                stuck.add(s.step());
            }
        }
        java.util.Collections.reverse(undone); // in the order they were undone: the last completed step first
        String text = undone.isEmpty() ? "nothing to undo" : "undone: " + String.join(", ", undone);
        return stuck.isEmpty() ? text : text + "; compensation FAILED (manual action needed): " + String.join(", ", stuck);
    }
}
