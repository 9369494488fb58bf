package dev.orchestrators.core.kinds.saga;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orchestrators.core.ledger.SideEffect;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A command to undo one completed saga step: which compensator to call, with which arguments and under
 * which idempotency key. On the Kafka runtime it is the value of a {@code <flow>.compensations} record,
 * written in the same transaction as the saga's state change. Immutable.
 *
 * @param runId     the saga run
 * @param flow      the saga's flow
 * @param step      the step to undo (the executor's name)
 * @param tool      the compensator tool
 * @param key       the idempotency key: {@code Executor.compensationKey(run_id, step)}
 * @param arguments the compensator's arguments
 * @param effect    the side effect being undone
 * @param index     this command's place in the order of compensation (0 first: the last completed step)
 * @param total     how many commands the run's compensation has
 */
public record Compensation(
        @JsonProperty("run_id") String runId,
        @JsonProperty("flow") String flow,
        @JsonProperty("step") String step,
        @JsonProperty("tool") String tool,
        @JsonProperty("key") String key,
        @JsonProperty("arguments") Map<String, Object> arguments,
        @JsonProperty("effect") SideEffect effect,
        @JsonProperty("index") int index,
        @JsonProperty("total") int total) {

    public Compensation {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(effect, "effect");
        arguments = arguments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        if (index < 0 || index >= total) {
            throw new IllegalArgumentException("index " + index + " is not within 0.." + (total - 1));
        }
    }

    /** Whether this is the last command of the run's compensation. */
    public boolean last() {
        return index == total - 1;
    }
}
