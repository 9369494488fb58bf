package dev.orchestrators.core.replay;

import dev.orchestrators.core.ledger.InMemorySideEffectLedger;
import dev.orchestrators.core.ledger.SideEffect;
import dev.orchestrators.core.ledger.SideEffectLedger;
import dev.orchestrators.core.replay.RecordedSideEffect.Outcome;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The side-effect ledger of a replay: what the recorded run found performed earlier is found performed again
 * (so the replayed run skips it exactly as the recorded one did); everything else is claimed and recorded in
 * memory, for the replayed run alone. Never touches the runtime's ledger.
 */
public final class ReplayLedger implements SideEffectLedger {
    private final Function<String, Recording> recordings;
    private final InMemorySideEffectLedger own = new InMemorySideEffectLedger();

    public ReplayLedger(Function<String, Recording> recordings) {
        this.recordings = Objects.requireNonNull(recordings, "recordings");
    }

    @Override
    public Claim claim(String runId, String key) {
        Optional<SideEffect> earlier = performedEarlier(runId, key);
        return earlier.isPresent() ? Claim.done(earlier.get()) : own.claim(runId, key);
    }

    @Override
    public void recorded(String runId, SideEffect effect) {
        own.recorded(runId, effect);
    }

    @Override
    public void released(String runId, String key) {
        own.released(runId, key);
    }

    @Override
    public Optional<SideEffect> find(String runId, String key) {
        return performedEarlier(runId, key).or(() -> own.find(runId, key));
    }

    private Optional<SideEffect> performedEarlier(String runId, String key) {
        return recordings.apply(runId).sideEffect(key)
                .filter(r -> r.outcome() == Outcome.PERFORMED_EARLIER || r.outcome() == Outcome.PERFORMED && r.answer() == null)
                .map(r -> new SideEffect(key, r.id() == null ? key : r.id(), Objects.requireNonNullElse(r.tool(), "recorded"),
                        Instant.EPOCH));
    }
}
