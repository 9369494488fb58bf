package dev.orchestrators.streams;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The health of a runtime, from the state of each of its Kafka Streams applications (one per flow, and the
 * archiver's), as {@code /health/live} and {@code /health/ready} report it. Immutable.
 *
 * <ul>
 *   <li><b>Live</b> unless a flow is {@code ERROR}, {@code PENDING_ERROR} or {@code NOT_RUNNING}: its stream
 *       threads are gone and only a restart brings them back. A flow shutting down on purpose
 *       ({@code PENDING_SHUTDOWN}) is still live, so an orchestrator does not kill it while it drains.</li>
 *   <li><b>Ready</b> when every flow is {@code RUNNING}, or {@code REBALANCING} after having been
 *       {@code RUNNING}: a rebalance is routine (every instance of a group goes through it whenever another one
 *       starts, stops or dies) and a flow keeps its place in the group throughout, so reporting it unready would
 *       take every instance out at once. The first rebalance, at start-up, is not ready: the instance has not
 *       processed anything yet.</li>
 * </ul>
 *
 * @param live  every flow is live
 * @param ready there is a flow and every flow is ready
 * @param flows each flow's state, by name, in start order
 */
public record RuntimeHealth(boolean live, boolean ready, Map<String, FlowHealth> flows) {

    public RuntimeHealth {
        flows = Collections.unmodifiableMap(new LinkedHashMap<>(flows));
    }

    /** The health of a runtime whose flows are {@code flows}. */
    public static RuntimeHealth of(Map<String, FlowHealth> flows) {
        boolean live = flows.values().stream().allMatch(FlowHealth::live);
        boolean ready = !flows.isEmpty() && flows.values().stream().allMatch(FlowHealth::ready);
        return new RuntimeHealth(live, ready, flows);
    }

    /**
     * One Kafka Streams application's health.
     *
     * @param state the Kafka Streams state ({@code RUNNING}, {@code REBALANCING}, ...)
     */
    public record FlowHealth(String state, boolean live, boolean ready) {

        /** The health of an application in {@code state}, which {@code hasBeenRunning} or not since it started. */
        public static FlowHealth of(KafkaStreams.State state, boolean hasBeenRunning) {
            boolean live = switch (state) {
                case ERROR, PENDING_ERROR, NOT_RUNNING -> false;
                default -> true;
            };
            boolean ready = state == KafkaStreams.State.RUNNING
                    || state == KafkaStreams.State.REBALANCING && hasBeenRunning;
            return new FlowHealth(state.name(), live, ready);
        }
    }
}
