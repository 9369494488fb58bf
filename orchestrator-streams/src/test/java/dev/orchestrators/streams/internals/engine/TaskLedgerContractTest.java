package dev.orchestrators.streams.internals.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.contract.SideEffectLedgerContractTest;
import dev.orchestrators.core.ledger.SideEffect;
import dev.orchestrators.core.ledger.SideEffectLedger.Claim;
import dev.orchestrators.core.ledger.SideEffectLedger;
import dev.orchestrators.streams.serde.JsonSerde;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskLedger} keeps the {@link SideEffectLedger} contract for a run the task has {@link TaskLedger#open opened}
 * (the contract's {@code runStarted}), over an in-memory window store. Its writes to the store wait in a hand-over
 * queue until the test runs them, as the stream thread would.
 *
 * <p>Where it differs from the in-memory ledger: effects are kept per run (the same key in two runs is two side
 * effects); a run the task has not opened may not claim, record or find anything; what it records reaches the store
 * only on the stream thread, and a run opened later, on this instance or the next owner of the partition, sees it
 * until the retention has passed.
 */
class TaskLedgerContractTest extends SideEffectLedgerContractTest<TaskLedger> {
    private static final Duration RETENTION = Duration.ofDays(7);
    private final Queue<Runnable> streamThread = new ConcurrentLinkedQueue<>();
    private long now = T0.toEpochMilli();

    @Override
    protected TaskLedger newLedger() {
        return ledgerOn(newWindowStore());
    }

    @Override
    protected void runStarted(TaskLedger ledger, String runId) {
        ledger.open(runId);
    }

    private TaskLedger ledgerOn(WindowStore<String, TaskLedger.Entries> store) {
        return new TaskLedger(store, RETENTION, streamThread::add, () -> now);
    }

    private static WindowStore<String, TaskLedger.Entries> newWindowStore() {
        WindowStore<String, TaskLedger.Entries> store = Stores.windowStoreBuilder(
                        Stores.inMemoryWindowStore("ledger", RETENTION, Duration.ofMillis(1), false),
                        Serdes.String(), JsonSerde.of(TaskLedger.Entries.class))
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    /** Runs what waits for the stream thread. */
    private void streamThreadTurn() {
        for (Runnable next = streamThread.poll(); next != null; next = streamThread.poll()) {
            next.run();
        }
    }

    @Test
    void shouldShowWhatARunRecordedToTheNextOwnerOfThePartitionOnceTheStreamThreadWroteIt() {
        // given a run that performed a side effect on one instance
        WindowStore<String, TaskLedger.Entries> store = newWindowStore();
        TaskLedger first = ledgerOn(store);
        first.open(RUN);
        first.claim(RUN, "run-1:crm");
        SideEffect performed = effect("run-1:crm", "crm-42");
        first.recorded(RUN, performed);
        TaskLedger beforeTheStreamThreadRan = ledgerOn(store);
        beforeTheStreamThreadRan.open(RUN);

        // when the stream thread writes it, and the run is started again by the next owner (the store restored)
        streamThreadTurn();
        TaskLedger next = ledgerOn(store);
        next.open(RUN);

        // then
        assertThat(beforeTheStreamThreadRan.claim(RUN, "run-1:crm")).as("not in the store before the hand-over ran")
                .isEqualTo(Claim.granted());
        assertThat(next.claim(RUN, "run-1:crm")).isEqualTo(Claim.done(performed));
        assertThat(next.find(RUN, "run-1:crm")).contains(performed);
    }

    @Test
    void shouldForgetWhatWasRecordedLongerAgoThanTheRetention() {
        // given
        WindowStore<String, TaskLedger.Entries> store = newWindowStore();
        TaskLedger ledger = ledgerOn(store);
        ledger.open(RUN);
        ledger.claim(RUN, "run-1:crm");
        ledger.recorded(RUN, effect("run-1:crm", "crm-42"));
        streamThreadTurn();
        ledger.close(RUN);

        // when
        now += RETENTION.toMillis() + 1;
        TaskLedger later = ledgerOn(store);
        later.open(RUN);

        // then
        assertThat(later.claim(RUN, "run-1:crm")).isEqualTo(Claim.granted());
    }

    @Test
    void shouldKeepTheSameKeyOfTwoRunsAsTwoSideEffects() {
        // given
        TaskLedger ledger = newLedger();
        ledger.open("run-1");
        ledger.open("run-2");
        ledger.claim("run-1", "shared-key");
        ledger.recorded("run-1", effect("shared-key", "crm-42"));

        // then
        assertThat(ledger.claim("run-2", "shared-key")).isEqualTo(Claim.granted());
        assertThat(ledger.find("run-2", "shared-key")).isEmpty();
    }

    @Test
    void shouldRefuseARunItHasNotOpened() {
        // given
        TaskLedger ledger = newLedger();

        // then
        assertThatThrownBy(() -> ledger.claim("run-9", "run-9:crm")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("run-9");
        assertThatThrownBy(() -> ledger.find("run-9", "run-9:crm")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldKeepARunsViewUntilEveryUserClosedIt() {
        // given a run opened twice (a retry parked while the first attempt ends)
        TaskLedger ledger = newLedger();
        ledger.open(RUN);
        ledger.open(RUN);
        ledger.claim(RUN, "run-1:crm");

        // when
        ledger.close(RUN);

        // then
        assertThat(ledger.claim(RUN, "run-1:crm")).isEqualTo(Claim.inFlight());
        ledger.close(RUN);
        assertThatThrownBy(() -> ledger.claim(RUN, "run-1:crm")).isInstanceOf(IllegalStateException.class);
    }
}
