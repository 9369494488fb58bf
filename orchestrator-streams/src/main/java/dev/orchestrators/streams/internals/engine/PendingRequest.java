package dev.orchestrators.streams.internals.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orchestrators.core.envelope.Payload;
import java.util.HashMap;
import java.util.Map;

/**
 * A request a task has admitted and not yet answered, as kept in the task's changelogged pending store.
 * Admission (with the input offset) and answer (with the envelope) are each committed atomically with
 * this entry's write and delete, which is what makes in-flight work survive crashes and rebalances.
 *
 * @param notBeforeMs  epoch millis before which a parked retry must not start (0: now)
 * @param spent        tool attempts already used by earlier attempts of the run, by {@code step/tool}
 * @param carried      request headers the answer needs (reply-to, route, job id), by name
 * @param held         true once its run has finished and the request waits to be answered by something else (a
 *                     saga's compensation): after a restart it is not run again
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PendingRequest(
        @JsonProperty("key") String key,
        @JsonProperty("run_id") String runId,
        @JsonProperty("payload") Map<String, Object> payload,
        @JsonProperty("timestamp") long timestamp,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("not_before_ms") long notBeforeMs,
        @JsonProperty("spent") Map<String, Integer> spent,
        @JsonProperty("carried") Map<String, String> carried,
        @JsonProperty("held") boolean held) {

    public PendingRequest {
        spent = spent == null ? Map.of() : Map.copyOf(spent);
        carried = carried == null ? Map.of() : Map.copyOf(carried);
        attempt = Math.max(1, attempt);
    }

    public static PendingRequest admitted(String key, String runId, Map<String, Object> payload, long timestamp,
                                   Map<String, String> carried) {
        return new PendingRequest(key, runId, payload, timestamp, 1, 0L, Map.of(), carried, false);
    }

    /** This request, held. */
    public PendingRequest asHeld() {
        return new PendingRequest(key, runId, payload, timestamp, attempt, notBeforeMs, spent, carried, true);
    }

    public Payload toPayload() {
        return new Payload(runId, payload);
    }

    /** The ordering lane: same-key requests complete in arrival order; keyless requests are independent. */
    public String lane() {
        return key != null ? "k:" + key : "r:" + runId;
    }

    /** This request parked for a durable retry at {@code notBefore}, with one more spent attempt on {@code attemptKey}. */
    public PendingRequest parkedUntil(long notBefore, String attemptKey, int spentOnThatTool) {
        Map<String, Integer> newSpent = new HashMap<>(spent);
        newSpent.put(attemptKey, spentOnThatTool);
        return new PendingRequest(key, runId, payload, timestamp, attempt + 1, notBefore, newSpent, carried, false);
    }
}
