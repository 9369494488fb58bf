package dev.orchestrators.core.kinds.sampler;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Metadata;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.envelope.StepRun;
import dev.orchestrators.core.envelope.StepRun.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What telemetry learns about one sampled run: its shape and timing, never its data. No field value, error
 * message or reason of the envelope is copied (they may hold personal data); only ids, names, statuses,
 * counts and durations. Immutable; snake_case on the wire like the envelope.
 *
 * @param runId      the run's correlation id
 * @param flow       the flow it belongs to
 * @param orchestrator the orchestrator that produced the envelope
 * @param status     the run's outcome
 * @param partial    {@code metadata.partial}
 * @param blocked    {@code metadata.blocked}
 * @param errorType  {@code metadata.error.type} of a FAILED run, otherwise {@code null}
 * @param records    how many records the envelope holds
 * @param durationMs finished minus started, in milliseconds
 * @param steps      the steps that ran, in order
 * @param sampledAt  when the snapshot was taken
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TelemetrySnapshot(
        @JsonProperty("run_id") String runId,
        @JsonProperty("flow") String flow,
        @JsonProperty("orchestrator") String orchestrator,
        @JsonProperty("status") RunStatus status,
        @JsonProperty("partial") boolean partial,
        @JsonProperty("blocked") boolean blocked,
        @JsonProperty("error_type") String errorType,
        @JsonProperty("records") int records,
        @JsonProperty("duration_ms") long durationMs,
        @JsonProperty("steps") List<StepSample> steps,
        @JsonProperty("sampled_at") Instant sampledAt) {

    public TelemetrySnapshot {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(orchestrator, "orchestrator");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sampledAt, "sampledAt");
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** The snapshot of {@code envelope}, taken at {@code sampledAt}. */
    public static TelemetrySnapshot of(Envelope envelope, Instant sampledAt) {
        Metadata m = envelope.metadata();
        return new TelemetrySnapshot(m.runId(), m.flow(), m.orchestrator(), m.status(), m.partial(), m.blocked(),
                m.error() == null ? null : m.error().type(), envelope.records().size(),
                Duration.between(m.startedAt(), m.finishedAt()).toMillis(),
                m.steps().stream().map(StepSample::of).toList(), sampledAt);
    }

    /**
     * One step of the run, as {@code metadata.steps} lists it.
     *
     * @param attempts   tool-call attempts the step made
     * @param durationMs how long it took
     */
    public record StepSample(
            @JsonProperty("name") String name,
            @JsonProperty("status") StepStatus status,
            @JsonProperty("attempts") int attempts,
            @JsonProperty("duration_ms") long durationMs) {

        public StepSample {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
        }

        static StepSample of(StepRun step) {
            return new StepSample(step.name(), step.status(), step.attempts(), step.durationMs());
        }
    }
}
