package dev.orchestrators.core.queue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A follow-up to start later: when {@link #dueAt} comes, a request {@code {"run_id": job_id, "payload": ...}}
 * goes to the target flow. On the Kafka runtime it is the value of a {@code <flow>.jobs} record keyed by its
 * id. Immutable.
 *
 * @param jobId       the job's id, also the run id of the follow-up run; scheduling the same id again replaces the job
 * @param runId       the run that scheduled it
 * @param flow        the scheduler's flow
 * @param key         the follow-up request's record key (orders it among the target's requests); {@code null}: the job id
 * @param target      the flow the follow-up goes to
 * @param dueAt       when it is due
 * @param payload     the follow-up run's payload
 * @param scheduledAt when it was scheduled
 */
public record ScheduledJob(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("run_id") String runId,
        @JsonProperty("flow") String flow,
        @JsonProperty("key") String key,
        @JsonProperty("target") String target,
        @JsonProperty("due_at") Instant dueAt,
        @JsonProperty("payload") Map<String, Object> payload,
        @JsonProperty("scheduled_at") Instant scheduledAt) {

    public ScheduledJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        payload = payload == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    }

    /** The follow-up request's record key. */
    public String recordKey() {
        return key == null ? jobId : key;
    }

    /** The run descriptor returned to the caller: {@code {job_id, due_at, target, status}}. */
    public Map<String, Object> descriptor(String status) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("job_id", jobId);
        d.put("due_at", dueAt.toString());
        d.put("target", target);
        d.put("status", status);
        return d;
    }
}
