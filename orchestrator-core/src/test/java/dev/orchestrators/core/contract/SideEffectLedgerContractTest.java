package dev.orchestrators.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.ledger.SideEffect;
import dev.orchestrators.core.ledger.SideEffectLedger;
import dev.orchestrators.core.ledger.SideEffectLedger.Claim;
import dev.orchestrators.core.ledger.SideEffectLedger.Claim.State;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link SideEffectLedger}, which every implementation runs: a subclass makes {@link #newLedger} and,
 * when its ledger must be told that a run started before the run may claim anything, does so in {@link #runStarted}.
 *
 * <p>The clauses: the first claim of a key is granted; while it is held, another claim is answered in flight; once
 * the effect is recorded, a claim is answered done with the recorded effect and {@link SideEffectLedger#find} finds
 * it; a released claim may be granted again, but releasing never undoes a recorded effect; a key only claimed is not
 * found; releasing a key nobody claimed does nothing; keys are independent; of many threads claiming one key at once,
 * exactly one is granted; effects recorded from many threads are all found.
 *
 * <p>Idempotency keys embed the run id, so the contract does not say whether the same key in two runs is one side
 * effect: implementations differ there and say so in their own tests.
 *
 * @param <L> the ledger type
 */
public abstract class SideEffectLedgerContractTest<L extends SideEffectLedger> {
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    protected static final String RUN = "run-1";

    /** A new, empty ledger. */
    protected abstract L newLedger();

    /** Tells {@code ledger} that run {@code runId} started, as the runtime does before the run performs anything. */
    protected void runStarted(L ledger, String runId) {
    }

    /** A new ledger on which run {@link #RUN} has started. */
    protected L ledgerWithRunStarted() {
        L ledger = newLedger();
        runStarted(ledger, RUN);
        return ledger;
    }

    /** The side effect performed under {@code key}, as the receiving system named it. */
    protected static SideEffect effect(String key, String id) {
        return new SideEffect(key, id, "crm_writer", T0);
    }

    @Test
    void shouldGrantTheFirstClaimOfAKey() {
        // given
        L ledger = ledgerWithRunStarted();

        // then
        assertThat(ledger.claim(RUN, "run-1:crm")).isEqualTo(Claim.granted());
    }

    @Test
    void shouldAnswerInFlightToAnotherClaimWhileTheFirstHoldsTheKey() {
        // given
        L ledger = ledgerWithRunStarted();
        ledger.claim(RUN, "run-1:crm");

        // then
        assertThat(ledger.claim(RUN, "run-1:crm")).isEqualTo(Claim.inFlight());
        assertThat(ledger.claim(RUN, "run-1:crm")).isEqualTo(Claim.inFlight());
    }

    @Test
    void shouldAnswerDoneWithTheRecordedEffectOnceItWasRecorded() {
        // given
        L ledger = ledgerWithRunStarted();
        SideEffect performed = effect("run-1:crm", "crm-42");
        ledger.claim(RUN, "run-1:crm");

        // when
        ledger.recorded(RUN, performed);

        // then
        assertThat(ledger.claim(RUN, "run-1:crm")).isEqualTo(Claim.done(performed));
        assertThat(ledger.find(RUN, "run-1:crm")).contains(performed);
    }

    @Test
    void shouldGrantAKeyAgainOnceTheClaimOfAFailedAttemptWasReleased() {
        // given
        L ledger = ledgerWithRunStarted();
        ledger.claim(RUN, "run-1:crm");

        // when the attempt failed
        ledger.released(RUN, "run-1:crm");

        // then
        assertThat(ledger.claim(RUN, "run-1:crm")).isEqualTo(Claim.granted());
    }

    @Test
    void shouldNeverUndoARecordedEffectWhenItsKeyIsReleasedAfterwards() {
        // given
        L ledger = ledgerWithRunStarted();
        SideEffect performed = effect("run-1:crm", "crm-42");
        ledger.claim(RUN, "run-1:crm");
        ledger.recorded(RUN, performed);

        // when a late release arrives
        ledger.released(RUN, "run-1:crm");

        // then
        assertThat(ledger.claim(RUN, "run-1:crm")).isEqualTo(Claim.done(performed));
        assertThat(ledger.find(RUN, "run-1:crm")).contains(performed);
    }

    @Test
    void shouldFindNothingForAKeyOnlyClaimedOrNeverSeen() {
        // given
        L ledger = ledgerWithRunStarted();
        ledger.claim(RUN, "run-1:crm");

        // then
        assertThat(ledger.find(RUN, "run-1:crm")).isEmpty();
        assertThat(ledger.find(RUN, "run-1:never")).isEmpty();
    }

    @Test
    void shouldIgnoreTheReleaseOfAKeyNobodyClaimed() {
        // given
        L ledger = ledgerWithRunStarted();

        // when
        ledger.released(RUN, "run-1:crm");

        // then
        assertThat(ledger.claim(RUN, "run-1:crm")).isEqualTo(Claim.granted());
    }

    @Test
    void shouldKeepKeysIndependentOfEachOther() {
        // given
        L ledger = ledgerWithRunStarted();
        SideEffect mail = effect("run-1:mail", "mail-7");

        // when
        ledger.claim(RUN, "run-1:crm");
        ledger.claim(RUN, "run-1:mail");
        ledger.recorded(RUN, mail);

        // then
        assertThat(ledger.claim(RUN, "run-1:crm")).isEqualTo(Claim.inFlight());
        assertThat(ledger.claim(RUN, "run-1:mail")).isEqualTo(Claim.done(mail));
        assertThat(ledger.claim(RUN, "run-1:erp")).isEqualTo(Claim.granted());
    }

    @Test
    void shouldGrantAKeyToExactlyOneOfManyClaimsAtOnce() {
        // given
        L ledger = ledgerWithRunStarted();
        int keys = 200;
        ConcurrentHashMap<String, AtomicInteger> granted = new ConcurrentHashMap<>();
        List<Claim> others = new CopyOnWriteArrayList<>();

        // when eight threads claim each key at once
        Concurrently.run(8, thread -> {
            for (int k = 0; k < keys; k++) {
                String key = "run-1:effect-" + k;
                Claim claim = ledger.claim(RUN, key);
                if (claim.state() == State.GRANTED) {
                    granted.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet();
                } else {
                    others.add(claim);
                }
            }
        });

        // then
        assertThat(granted).hasSize(keys);
        assertThat(granted.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(others).hasSize(7 * keys).allSatisfy(claim -> assertThat(claim).isEqualTo(Claim.inFlight()));
    }

    @Test
    void shouldFindEveryEffectRecordedFromManyThreads() {
        // given
        L ledger = ledgerWithRunStarted();
        int perThread = 250;

        // when four threads each claim and record keys of their own
        Concurrently.run(4, thread -> {
            for (int i = 0; i < perThread; i++) {
                String key = "run-1:" + thread + ":" + i;
                assertThat(ledger.claim(RUN, key)).isEqualTo(Claim.granted());
                ledger.recorded(RUN, effect(key, "id-" + thread + "-" + i));
            }
        });

        // then
        for (int thread = 0; thread < 4; thread++) {
            for (int i = 0; i < perThread; i++) {
                String key = "run-1:" + thread + ":" + i;
                assertThat(ledger.claim(RUN, key)).isEqualTo(Claim.done(effect(key, "id-" + thread + "-" + i)));
            }
        }
    }
}
