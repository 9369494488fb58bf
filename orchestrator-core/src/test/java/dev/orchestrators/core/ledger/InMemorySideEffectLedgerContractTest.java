package dev.orchestrators.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.contract.SideEffectLedgerContractTest;
import dev.orchestrators.core.ledger.SideEffectLedger.Claim;
import org.junit.jupiter.api.Test;

/**
 * {@link InMemorySideEffectLedger} keeps the {@link SideEffectLedger} contract. Where it differs from the task ledger
 * of the Kafka runtime: it keys effects by idempotency key alone, so a key is one side effect whichever run claims it.
 */
class InMemorySideEffectLedgerContractTest extends SideEffectLedgerContractTest<InMemorySideEffectLedger> {

    @Override
    protected InMemorySideEffectLedger newLedger() {
        return new InMemorySideEffectLedger();
    }

    @Test
    void shouldTreatAKeyAsOneSideEffectWhicheverRunClaimsIt() {
        // given
        InMemorySideEffectLedger ledger = newLedger();
        ledger.claim("run-1", "shared-key");
        ledger.recorded("run-1", effect("shared-key", "crm-42"));

        // then
        assertThat(ledger.claim("run-2", "shared-key")).isEqualTo(Claim.done(effect("shared-key", "crm-42")));
        assertThat(ledger.find("run-2", "shared-key")).contains(effect("shared-key", "crm-42"));
    }
}
