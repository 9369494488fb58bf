package dev.orchestrators.core.replay;

import static dev.orchestrators.core.replay.ReplayRecordings.RUN;
import static dev.orchestrators.core.replay.ReplayRecordings.recorded;
import static dev.orchestrators.core.replay.ReplayRecordings.sideEffect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.contract.SideEffectLedgerContractTest;
import dev.orchestrators.core.ledger.SideEffect;
import dev.orchestrators.core.ledger.SideEffectLedger.Claim;
import dev.orchestrators.core.ledger.SideEffectLedger;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ReplayLedger} keeps the {@link SideEffectLedger} contract for every key the recorded run did not find performed
 * earlier (in memory, for the replay alone, keyed by idempotency key as {@code InMemorySideEffectLedger} is). The
 * difference by design: a key the recorded run found performed earlier is done from the start, and a release does not
 * change that.
 */
class ReplayLedgerContractTest extends SideEffectLedgerContractTest<ReplayLedger> {

    @Override
    protected ReplayLedger newLedger() {
        return new ReplayLedger(ReplayRecordings.nothingRecorded());
    }

    @Test
    void shouldAnswerDoneFromTheStartForAKeyTheRecordedRunFoundPerformedEarlier() {
        // given a recorded run that skipped crm_writer as performed earlier
        ReplayLedger ledger = new ReplayLedger(recorded(sideEffect("crm_writer", "run-1:crm", "repeated",
                Map.of("side_effect_id", "crm-42"))));
        SideEffect earlier = new SideEffect("run-1:crm", "crm-42", "crm_writer", Instant.EPOCH);

        // when a failed attempt releases it
        Claim first = ledger.claim(RUN, "run-1:crm");
        ledger.released(RUN, "run-1:crm");

        // then
        assertThat(first).isEqualTo(Claim.done(earlier));
        assertThat(ledger.claim(RUN, "run-1:crm")).isEqualTo(Claim.done(earlier));
        assertThat(ledger.find(RUN, "run-1:crm")).contains(earlier);
    }

    @Test
    void shouldGrantAKeyTheRecordedRunPerformedItselfSoTheReplayAnswersItFromTheRecording() {
        // given a recorded run that performed crm_writer and recorded its answer
        ReplayLedger ledger = new ReplayLedger(recorded(sideEffect("crm_writer", "run-1:crm", "performed",
                Map.of("side_effect_id", "crm-42", "result", Map.of("id", "crm-42")))));

        // then the replay's tools answer it (ReplayTools), so the ledger lets the call through
        assertThat(ledger.claim(RUN, "run-1:crm")).isEqualTo(Claim.granted());
    }
}
