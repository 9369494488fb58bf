package dev.orchestrators.streams.internals.observability;

import dev.orchestrators.streams.RuntimeHealth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Follows the runtime's Kafka Streams applications for {@link RuntimeHealth}: the state each is in now, and
 * whether it has been {@code RUNNING} (a state listener notes it, so a short RUNNING between two rebalances
 * is not missed by a health check that comes later). Thread-safe.
 */
public final class HealthTracker {
    private final Map<String, Watched> watched = new LinkedHashMap<>();

    /** Follows {@code streams}, which must not have been started yet (its state listener is set here). */
    public synchronized void watch(String name, KafkaStreams streams) {
        Watched application = new Watched(streams);
        streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.RUNNING) {
                application.hasBeenRunning = true;
            }
        });
        watched.put(name, application);
    }

    public synchronized RuntimeHealth health() {
        Map<String, RuntimeHealth.FlowHealth> flows = new LinkedHashMap<>();
        watched.forEach((name, application) -> {
            KafkaStreams.State state = application.streams.state();
            flows.put(name, RuntimeHealth.FlowHealth.of(state, application.hasBeenRunning || state == KafkaStreams.State.RUNNING));
        });
        return RuntimeHealth.of(flows);
    }

    private static final class Watched {
        private final KafkaStreams streams;
        private volatile boolean hasBeenRunning;

        Watched(KafkaStreams streams) {
            this.streams = streams;
        }
    }
}
