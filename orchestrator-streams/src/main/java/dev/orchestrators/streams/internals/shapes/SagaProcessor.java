package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.kinds.saga.Compensation;
import dev.orchestrators.core.kinds.saga.CompensationPlan;
import dev.orchestrators.core.kinds.saga.Saga;
import dev.orchestrators.core.kinds.saga.SagaStepReport;
import dev.orchestrators.core.orchestrator.RunOutcome;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.Output;
import dev.orchestrators.streams.internals.engine.PendingRequest;
import dev.orchestrators.streams.serde.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A saga's forward steps. Each request runs the saga's steps in order on the asynchronous engine; every
 * side effect is recorded in the task's ledger as it happens, so a run resumed after a crash, a rebalance or
 * a parked retry skips the steps it did. When a step fails after others succeeded, the saga's
 * {@link Compensation}s are written to {@code <flow>.compensations} (on this task's partition, so the
 * compensator below reads them) in the same transaction as the run's {@link SagaState}; the request is
 * held, its key's later requests waiting behind it, until the compensator has answered it.
 */
final class SagaProcessor extends RequestProcessor<Saga> {
    private static final Logger LOG = LoggerFactory.getLogger(SagaProcessor.class);
    private final SagaReleases releases;
    /** The held runs, by run id, to their input offsets. */
    private final Map<String, Long> heldRuns = new HashMap<>();
    private final Consumer<String> onReleased = this::releaseLater;
    private KeyValueStore<String, SagaState> sagaState;

    public SagaProcessor(FlowSpec spec, SagaReleases releases) {
        super(spec, Saga.class);
        this.releases = releases;
    }

    @Override
    public void init(ProcessorContext<String, Output> processorContext) {
        this.sagaState = processorContext.getStateStore(SagaShape.stateStore(spec.name()));
        releases.register(processorContext.taskId(), onReleased);
        super.init(processorContext);
    }

    @Override
    public void close() {
        releases.unregister(context.taskId(), onReleased);
        super.close();
    }






    /** Holds the run until its compensations are done. */
    @Override
    protected boolean compensationRequired(long seq, PendingRequest pending, RunOutcome.CompensationRequired required) {
        handOver(pending, required.plan());
        heldRuns.put(pending.runId(), seq);
        return false;
    }

    /** The state and the commands, in one transaction: a crash never leaves one without the other. */
    private void handOver(PendingRequest pending, CompensationPlan required) {
        SagaState state = new SagaState(pending.runId(), orchestrator.name(), pending.key(), pending.timestamp(), pending.attempt(),
                pending.carried(), required.startedAt(), required.stepRuns(), required.error(),
                required.steps().stream().map(SagaStepReport::toMap).toList(), required.compensations().size());
        sagaState.put(pending.runId(), state);
        // The task's own partition (not the current record's: in a punctuation there is none), so the compensator
        // of this very task reads the commands.
        int partition = context.taskId().partition();
        String topic = TopicNames.compensations(spec.name());
        for (Compensation compensation : required.compensations()) {
            byte[] value;
            try {
                value = Json.mapper().writeValueAsBytes(compensation);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot write the compensation of " + compensation.key(), e);
            }
            forward(pending.key(), Output.toPartition(topic, partition, value), pending.timestamp(),
                    runHeaders(pending));
        }
        forwardAudit(pending, null, null);
    }

    /** A request held for its compensation stays held while the saga's state is there; without it, it was answered. */
    @Override
    public boolean stillHeld(long seq, PendingRequest pending) {
        if (sagaState.get(pending.runId()) == null) {
            return false;
        }
        heldRuns.put(pending.runId(), seq);
        return true;
    }

    /**
     * Called by the compensator of this task while it processes a record: the release itself (which may start the
     * lane's next request) runs at this processor's next record or tick, so that nothing is forwarded from the
     * compensator's node.
     */
    private void releaseLater(String runId) {
        Long seq = heldRuns.remove(runId);
        if (seq == null) {
            // Only after an at_least_once crash: the run is being re-run (its steps skipped by the ledger) and will
            // be held, and answered, again.
            LOG.warn("flow {}: run {} was answered by its compensations but is not held here", spec.name(), runId);
            return;
        }
        engine.onStreamThread(() -> engine.release(seq));
    }
}
