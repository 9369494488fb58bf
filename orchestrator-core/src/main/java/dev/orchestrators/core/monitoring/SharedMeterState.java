package dev.orchestrators.core.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * The state behind a gauge, one per registry and key, whoever asks for it. A gauge is registered once per name
 * and tags: a second registration returns the first gauge, still reading the first caller's state. Two
 * contexts (or two runtimes) counting tool calls in flight on one registry must therefore share the counter
 * the gauge reads; this is where they find it.
 *
 * <p>Called when meters are set up (once per context, task or tool), never per event. A registry that is no
 * longer used is forgotten with everything kept for it; a state must not refer to its registry. Thread-safe.
 */
public final class SharedMeterState {
    private static final Map<MeterRegistry, Map<String, Object>> STATES = new WeakHashMap<>();

    private SharedMeterState() {
    }

    /**
     * The state kept under {@code key} for {@code registry}; the first caller creates it with {@code create},
     * which registers the gauges that read it.
     *
     * @param create registers the meters reading the new state and returns it; must not keep {@code registry} in it
     */
    @SuppressWarnings("unchecked")
    public static synchronized <T> T computeIfAbsent(MeterRegistry registry, String key, Function<MeterRegistry, T> create) {
        Map<String, Object> states = STATES.computeIfAbsent(registry, r -> new HashMap<>());
        Object state = states.get(key);
        if (state == null) {
            state = create.apply(registry);
            states.put(key, state);
        }
        return (T) state;
    }
}
