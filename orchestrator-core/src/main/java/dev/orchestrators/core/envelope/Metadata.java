package dev.orchestrators.core.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The {@code metadata} half of an envelope. Immutable; derive changed copies with the {@code withX} methods.
 *
 * @param runId        correlation id carried through every call, header and audit entry
 * @param flow         the flow (request topic prefix) the run belongs to
 * @param orchestrator the orchestrator that produced this envelope
 * @param status       the outcome
 * @param partial      true when the envelope holds only part of the expected records
 * @param blocked      true when a validator short-circuited the run
 * @param reason       why the run was BLOCKED, DISABLED or PARTIAL; {@code null} otherwise
 * @param error        why the run FAILED; {@code null} otherwise
 * @param attempts     which attempt of the whole run this is (1 unless the run was re-executed)
 * @param steps        the steps that ran, in order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Metadata(
        @JsonProperty("run_id") String runId,
        @JsonProperty("flow") String flow,
        @JsonProperty("orchestrator") String orchestrator,
        @JsonProperty("status") RunStatus status,
        @JsonProperty("partial") boolean partial,
        @JsonProperty("blocked") boolean blocked,
        @JsonProperty("reason") String reason,
        @JsonProperty("error") ErrorInfo error,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("steps") List<StepRun> steps) {

    public Metadata {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(orchestrator, "orchestrator");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        steps = steps == null ? List.of() : List.copyOf(steps);
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
        }
        if (status == RunStatus.FAILED && error == null) {
            throw new IllegalArgumentException("a FAILED envelope must carry metadata.error");
        }
        if (status != RunStatus.FAILED && error != null) {
            throw new IllegalArgumentException("only a FAILED envelope carries metadata.error, status was " + status);
        }
    }

    public Metadata withFlow(String newFlow) {
        return new Metadata(runId, newFlow, orchestrator, status, partial, blocked, reason, error, attempts,
                startedAt, finishedAt, steps);
    }
}
