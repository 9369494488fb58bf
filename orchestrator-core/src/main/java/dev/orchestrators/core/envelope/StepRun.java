package dev.orchestrators.core.envelope;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A step that ran, as listed in {@code metadata.steps}.
 *
 * @param orchestrator the orchestrator that owns the step (nested orchestrators keep their own name)
 * @param attempts     tool-call attempts the step made in total (0 for a step without tool calls)
 */
public record StepRun(
        @JsonProperty("name") String name,
        @JsonProperty("orchestrator") String orchestrator,
        @JsonProperty("status") StepStatus status,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("duration_ms") long durationMs) {

    public StepRun {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(orchestrator, "orchestrator");
        Objects.requireNonNull(status, "status");
    }

    /** How a step ended. */
    public enum StepStatus { OK, HALTED, FAILED }
}
