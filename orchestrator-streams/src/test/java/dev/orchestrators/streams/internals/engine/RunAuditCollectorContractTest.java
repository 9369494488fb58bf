package dev.orchestrators.streams.internals.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.AuditStore;
import dev.orchestrators.core.contract.AuditStoreContractTest;
import org.junit.jupiter.api.Test;

/**
 * {@link RunAuditCollector} keeps the {@link AuditStore} contract while it holds a run's records, which is until the task
 * {@link RunAuditCollector#drain drains} them to forward with the run's answer: a drained run has no records left.
 */
class RunAuditCollectorContractTest extends AuditStoreContractTest {

    @Override
    protected AuditStore newStore() {
        return new RunAuditCollector();
    }

    @Test
    void shouldHandOverARunsRecordsOnceWhenDrainedAndKeepOtherRuns() {
        // given
        RunAuditCollector collector = new RunAuditCollector();
        String run = runId("run");
        String other = runId("other");
        collector.append(delivery(run, "mail:1"));
        collector.append(envelope(run, "lead_sync"));
        collector.append(delivery(other, "mail:1"));

        // when
        var drained = collector.drain(run);

        // then
        assertThat(drained).containsExactly(delivery(run, "mail:1"), envelope(run, "lead_sync"));
        assertThat(collector.forRun(run)).isEmpty();
        assertThat(collector.drain(run)).isEmpty();
        assertThat(collector.forRun(other)).containsExactly(delivery(other, "mail:1"));
    }
}
