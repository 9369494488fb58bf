package dev.orchestrators.core.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a record's lineage: which orchestrator, step and tool produced or changed the record,
 * in which run, when and on which attempt of the tool call.
 *
 * @param action what happened to the record: {@code produced}, {@code enriched}, {@code delivered}, ...
 * @param tool   the tool that was called, or {@code null} for a step without a tool
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(
        @JsonProperty("orchestrator") String orchestrator,
        @JsonProperty("step") String step,
        @JsonProperty("tool") String tool,
        @JsonProperty("action") String action,
        @JsonProperty("run_id") String runId,
        @JsonProperty("at") Instant at,
        @JsonProperty("attempt") int attempt) {

    public Provenance {
        Objects.requireNonNull(orchestrator, "orchestrator");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(at, "at");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
    }
}
