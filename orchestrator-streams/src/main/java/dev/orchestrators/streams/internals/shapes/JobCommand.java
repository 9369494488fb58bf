package dev.orchestrators.streams.internals.shapes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orchestrators.core.queue.ScheduledJob;
import dev.orchestrators.streams.internals.engine.PendingRequest;
import java.time.Instant;
import java.util.Map;

/**
 * The value of a {@code <flow>.jobs} record (keyed by job id): a job to keep until it is due, or the
 * cancellation of one, with what the job store needs to answer the cancelling request. Tombstones (no value)
 * remove a job that was emitted. Immutable.
 *
 * @param op      {@code schedule} or {@code cancel}
 * @param job     the job, for {@code schedule}
 * @param jobId   the job to cancel, for {@code cancel}
 * @param reply   how to answer the cancelling request, for {@code cancel}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobCommand(
        @JsonProperty("op") String op,
        @JsonProperty("job") ScheduledJob job,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("reply") Reply reply) {

    static final String SCHEDULE = "schedule";
    static final String CANCEL = "cancel";

    public static JobCommand schedule(ScheduledJob job) {
        return new JobCommand(SCHEDULE, job, job.jobId(), null);
    }

    public static JobCommand cancel(String jobId, Reply reply) {
        return new JobCommand(CANCEL, null, jobId, reply);
    }

    /**
     * The cancelling request: its run, record key and timestamp, the headers it carried, the scheduler's name
     * and when the run started.
     */
    public record Reply(@JsonProperty("run_id") String runId,
                 @JsonProperty("key") String key,
                 @JsonProperty("timestamp") long timestamp,
                 @JsonProperty("carried") Map<String, String> carried,
                 @JsonProperty("orchestrator") String orchestrator,
                 @JsonProperty("attempt") int attempt,
                 @JsonProperty("started_at") Instant startedAt) {

        PendingRequest request() {
            return new PendingRequest(key, runId, Map.of(), timestamp, attempt, 0L, Map.of(), carried, false);
        }
    }
}
