package dev.orchestrators.core.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param details      what the kind reports beyond the status, by topic; omitted when empty:
 *                     {@code sources} (aggregator), {@code validation} (transformer), {@code route} (router),
 *                     {@code job} (scheduler), {@code saga} (saga); see {@code docs/wire-format.md}
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
        @JsonProperty("steps") List<StepRun> steps,
        @JsonProperty("details") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> details) {

    public Metadata {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(orchestrator, "orchestrator");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        steps = steps == null ? List.of() : List.copyOf(steps);
        details = details == null || details.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
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

    /** Metadata without details, as most kinds report it. */
    public Metadata(String runId, String flow, String orchestrator, RunStatus status, boolean partial, boolean blocked,
                    String reason, ErrorInfo error, int attempts, Instant startedAt, Instant finishedAt, List<StepRun> steps) {
        this(runId, flow, orchestrator, status, partial, blocked, reason, error, attempts, startedAt, finishedAt, steps, Map.of());
    }

    public Metadata withFlow(String newFlow) {
        return new Metadata(runId, newFlow, orchestrator, status, partial, blocked, reason, error, attempts,
                startedAt, finishedAt, steps, details);
    }

    /** A copy with {@code key} set to {@code value} in {@link #details()}. */
    public Metadata withDetail(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(key, value);
        return new Metadata(runId, flow, orchestrator, status, partial, blocked, reason, error, attempts,
                startedAt, finishedAt, steps, more);
    }
}
