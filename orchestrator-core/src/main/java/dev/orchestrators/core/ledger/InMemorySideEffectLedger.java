package dev.orchestrators.core.ledger;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SideEffectLedger} in memory, for tests and the broker-less path: duplicates are caught within
 * one process and nothing expires. The Kafka runtime replaces it with a changelogged ledger per task.
 * Thread-safe.
 */
public final class InMemorySideEffectLedger implements SideEffectLedger {
    private static final SideEffect IN_FLIGHT = new SideEffect("-", "-", "-", java.time.Instant.EPOCH);
    private final Map<String, SideEffect> effects = new ConcurrentHashMap<>();

    @Override
    public Claim claim(String runId, String key) {
        SideEffect earlier = effects.putIfAbsent(key, IN_FLIGHT);
        if (earlier == null) {
            return Claim.granted();
        }
        return earlier == IN_FLIGHT ? Claim.inFlight() : Claim.done(earlier);
    }

    @Override
    public void recorded(String runId, SideEffect effect) {
        effects.put(effect.key(), effect);
    }

    @Override
    public void released(String runId, String key) {
        effects.remove(key, IN_FLIGHT);
    }

    @Override
    public Optional<SideEffect> find(String runId, String key) {
        return find(key);
    }

    /** The recorded side effect of {@code key}, if any (for tests). */
    public Optional<SideEffect> find(String key) {
        SideEffect effect = effects.get(key);
        return effect == null || effect == IN_FLIGHT ? Optional.empty() : Optional.of(effect);
    }

    /** Every recorded side effect, by key (for tests). */
    public Map<String, SideEffect> recorded() {
        Map<String, SideEffect> copy = new java.util.TreeMap<>();
        effects.forEach((key, effect) -> {
            if (effect != IN_FLIGHT) {
                copy.put(key, effect);
            }
        });
        return copy;
    }
}
