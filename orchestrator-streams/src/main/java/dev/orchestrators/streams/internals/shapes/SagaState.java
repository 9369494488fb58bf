package dev.orchestrators.streams.internals.shapes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orchestrators.core.envelope.ErrorInfo;
import dev.orchestrators.core.envelope.StepRun;
import dev.orchestrators.core.kinds.saga.SagaStepReport;
import dev.orchestrators.streams.internals.engine.PendingRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A saga run while it compensates, as kept in the saga's changelogged state store under its run id. It is
 * written in the same transaction as the compensation commands, updated as each is done, and deleted with
 * the final envelope: a worker killed mid-saga leaves it for the next owner, which carries on. Immutable.
 *
 * @param remaining compensation commands not yet done
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SagaState(
        @JsonProperty("run_id") String runId,
        @JsonProperty("saga") String saga,
        @JsonProperty("key") String key,
        @JsonProperty("timestamp") long timestamp,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("carried") Map<String, String> carried,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("step_runs") List<StepRun> stepRuns,
        @JsonProperty("error") ErrorInfo error,
        @JsonProperty("steps") List<Map<String, Object>> steps,
        @JsonProperty("remaining") int remaining) {

    public SagaState {
        carried = carried == null ? Map.of() : Map.copyOf(carried);
        stepRuns = stepRuns == null ? List.of() : List.copyOf(stepRuns);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public List<SagaStepReport> reports() {
        return steps.stream().map(SagaStepReport::fromMap).toList();
    }

    /** This state with {@code report} replacing its step's entry and one command fewer to go. */
    public SagaState with(SagaStepReport report) {
        List<Map<String, Object>> updated = new ArrayList<>(steps.size());
        for (Map<String, Object> step : steps) {
            updated.add(report.step().equals(step.get("step")) ? report.toMap() : step);
        }
        return new SagaState(runId, saga, key, timestamp, attempt, carried, startedAt, stepRuns, error, updated, remaining - 1);
    }

    /** The request as the engine knew it, for answering with the final envelope. */
    public PendingRequest request() {
        return new PendingRequest(key, runId, Map.of(), timestamp, attempt, 0L, Map.of(), carried, false);
    }
}
