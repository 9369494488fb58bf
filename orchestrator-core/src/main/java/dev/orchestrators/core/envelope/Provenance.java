package dev.orchestrators.core.envelope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a record's lineage: which orchestrator, step and tool produced or changed the record,
 * in which run, when and on which attempt of the tool call, and, for a tool that ranks what it returns (a vector
 * search), how well the record matched.
 *
 * @param action what happened to the record: {@code produced}, {@code enriched}, {@code delivered}, ...
 * @param tool   the tool that was called, or {@code null} for a step without a tool
 * @param score  the record's score as the ranking tool reported it (its {@code scores[i]}: a vector search's cosine
 *               similarity), or {@code null} (left out of the JSON) when the tool does not rank; finite
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(
        @JsonProperty("orchestrator") String orchestrator,
        @JsonProperty("step") String step,
        @JsonProperty("tool") String tool,
        @JsonProperty("action") String action,
        @JsonProperty("run_id") String runId,
        @JsonProperty("at") Instant at,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("score") Double score) {

    /**
     * @throws IllegalArgumentException when {@code attempt < 1} or {@code score} is NaN or infinite
     */
    @JsonCreator
    public Provenance {
        Objects.requireNonNull(orchestrator, "orchestrator");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(at, "at");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
        if (score != null && !Double.isFinite(score)) {
            throw new IllegalArgumentException("score must be a finite number, was " + score);
        }
    }

    /** An entry without a score: the step or tool does not rank what it returns. */
    public Provenance(String orchestrator, String step, String tool, String action, String runId, Instant at, int attempt) {
        this(orchestrator, step, tool, action, runId, at, attempt, null);
    }

    /**
     * A copy with {@code newScore} ({@code null}: none).
     *
     * @throws IllegalArgumentException when {@code newScore} is NaN or infinite
     */
    public Provenance withScore(Double newScore) {
        return new Provenance(orchestrator, step, tool, action, runId, at, attempt, newScore);
    }
}
