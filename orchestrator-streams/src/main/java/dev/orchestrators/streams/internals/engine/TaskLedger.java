package dev.orchestrators.streams.internals.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orchestrators.core.ledger.SideEffect;
import dev.orchestrators.core.ledger.SideEffectLedger;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * A task's {@link SideEffectLedger}: what each run of the task's partition has performed, kept in a
 * changelogged window store keyed by run id, so whichever instance owns the partition next (after a crash,
 * a rebalance, a parked retry) sees it. Entries expire with the store's retention
 * ({@code orchestrator.ledger.retention.ms}).
 *
 * <p>The store is touched only by the stream thread: it loads a run's entries when the run starts
 * ({@link #open}) and writes a run's entries as they are recorded, through the engine's hand-over queue, so
 * they are committed with the task's next commit. Tool threads see a run's entries through the in-memory
 * view opened for it. A side effect performed and not yet committed when the task moves is the gap the
 * idempotency key handed to the tool covers.
 */
public final class TaskLedger implements SideEffectLedger {
    private final WindowStore<String, Entries> store;
    private final Duration retention;
    private final Consumer<Runnable> onStreamThread;
    private final LongSupplier now;
    private final Map<String, RunView> open = new ConcurrentHashMap<>();

    public TaskLedger(WindowStore<String, Entries> store, Duration retention, Consumer<Runnable> onStreamThread, LongSupplier now) {
        this.store = store;
        this.retention = retention;
        this.onStreamThread = onStreamThread;
        this.now = now;
    }

    /** Stream thread: makes {@code runId}'s recorded side effects visible to its tool calls. */
    public void open(String runId) {
        RunView view = open.get(runId);
        if (view != null) {
            view.users++;
            return;
        }
        Map<String, SideEffect> done = new LinkedHashMap<>();
        long to = now.getAsLong();
        try (WindowStoreIterator<Entries> it = store.fetch(runId, Math.max(0, to - retention.toMillis()), to)) {
            while (it.hasNext()) {
                KeyValue<Long, Entries> next = it.next();
                done.putAll(next.value.effects());
            }
        }
        open.put(runId, new RunView(done));
    }

    /** Stream thread: the run no longer needs its view. */
    public void close(String runId) {
        RunView view = open.get(runId);
        if (view != null && --view.users <= 0) {
            open.remove(runId);
        }
    }

    @Override
    public Claim claim(String runId, String key) {
        RunView view = view(runId);
        synchronized (view) {
            SideEffect effect = view.done.get(key);
            if (effect != null) {
                return Claim.done(effect);
            }
            return view.inFlight.add(key) ? Claim.granted() : Claim.inFlight();
        }
    }

    @Override
    public void recorded(String runId, SideEffect effect) {
        RunView view = view(runId);
        Map<String, SideEffect> snapshot;
        synchronized (view) {
            view.done.put(effect.key(), effect);
            view.inFlight.remove(effect.key());
            snapshot = Map.copyOf(view.done);
        }
        // The whole run's entries under one timestamp: a later put supersedes, nothing is lost to overwrites.
        onStreamThread.accept(() -> store.put(runId, new Entries(snapshot), now.getAsLong()));
    }

    @Override
    public void released(String runId, String key) {
        RunView view = view(runId);
        synchronized (view) {
            view.inFlight.remove(key);
        }
    }

    @Override
    public java.util.Optional<SideEffect> find(String runId, String key) {
        RunView view = view(runId);
        synchronized (view) {
            return java.util.Optional.ofNullable(view.done.get(key));
        }
    }

    private RunView view(String runId) {
        RunView view = open.get(runId);
        if (view == null) {
            throw new IllegalStateException("the side-effect ledger has no open view of run " + runId
                    + ": side effects may only be performed by a run the task has started");
        }
        return view;
    }

    /** A run's recorded side effects, as stored. */
    public record Entries(@JsonProperty("effects") Map<String, SideEffect> effects) {
        public Entries {
            effects = effects == null ? Map.of() : Map.copyOf(effects);
        }
    }

    private static final class RunView {
        final Map<String, SideEffect> done;
        final Set<String> inFlight = new HashSet<>();
        int users = 1;

        RunView(Map<String, SideEffect> done) {
            this.done = done;
        }
    }
}
