package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.ErrorInfo;
import dev.orchestrators.core.envelope.Metadata;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.kinds.saga.Compensation;
import dev.orchestrators.core.kinds.saga.Saga;
import dev.orchestrators.core.kinds.saga.SagaFailedException;
import dev.orchestrators.core.kinds.saga.SagaStepReport;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.RunOutcome;
import dev.orchestrators.core.retry.RetryDeferredException;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.FlowTaskProcessor;
import dev.orchestrators.streams.internals.engine.Output;
import dev.orchestrators.streams.internals.engine.PendingRequest;
import dev.orchestrators.streams.serde.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A saga's compensator: consumes {@code <flow>.compensations} on the same task as the saga's requests (the
 * commands are written to the request's partition) and runs each command on its own asynchronous engine,
 * in the order written (the last completed step first), each compensator at most once per idempotency key.
 * Each outcome is audited and folded into the run's {@link SagaState}; after the last one the run's final
 * envelope (FAILED with the failing step's error, {@code metadata.details.saga} saying what was done and
 * what was undone) goes to the results and the state is deleted, in the same transaction.
 */
final class CompensationProcessor extends FlowTaskProcessor<Compensation, CompensationProcessor.Undo> {
    private static final Logger LOG = LoggerFactory.getLogger(CompensationProcessor.class);
    private final SagaReleases releases;
    private Saga saga;
    private KeyValueStore<String, SagaState> sagaState;

    public CompensationProcessor(FlowSpec spec, SagaReleases releases) {
        super(spec);
        this.releases = releases;
    }

    @Override
    public void init(ProcessorContext<String, Output> processorContext) {
        this.sagaState = processorContext.getStateStore(SagaShape.stateStore(spec.name()));
        super.init(processorContext);
    }

    @Override
    protected String pendingStoreName() {
        return SagaShape.compensationPendingStore(spec.name());
    }

    @Override
    protected void initKind(OrchestratorContext taskContext) {
        this.saga = (Saga) spec.flow().create(taskContext);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected PendingRequest toPending(Record<String, Compensation> record) {
        Compensation c = record.value();
        return PendingRequest.admitted(record.key(), c.runId(), Json.mapper().convertValue(c, Map.class),
                record.timestamp(), carriedHeaders(record));
    }

    @Override
    protected String inputTopic() {
        return TopicNames.compensations(spec.name());
    }

    @Override
    public CompletionStage<Undo> start(PendingRequest pending, ExecutionOptions options) {
        Compensation c = compensationOf(pending);
        return saga.compensate(c, options).handle((report, failure) -> {
            if (failure == null) {
                return new Undo(report, null);
            }
            Throwable cause = FailureClassifier.unwrap(failure);
            return cause instanceof RetryDeferredException deferred ? new Undo(null, RunOutcome.Deferred.of(deferred)) : broken(cause);
        });
    }

    @Override
    public RunOutcome.Deferred deferral(Undo undo) {
        return undo.deferral();
    }

    /** A compensator that broke its contract: the step counts as not undone, and says why. */
    @Override
    public Undo broken(Throwable failure) {
        LOG.error("flow {}: a compensation failed outside its compensator", spec.name(), failure);
        return new Undo(null, null, failure);
    }

    @Override
    public boolean finished(long seq, PendingRequest pending, Undo undo) {
        Compensation c = compensationOf(pending);
        SagaStepReport report = undo.report() != null ? undo.report()
                : new SagaStepReport(c.step(), SagaStepReport.Status.COMPENSATION_FAILED, c.effect().id(), null,
                        String.valueOf(undo.failure()));
        SagaState state = sagaState.get(c.runId());
        if (state == null) {
            LOG.warn("flow {}: compensation {} arrived for run {}, which is not compensating (answered already)",
                    spec.name(), c.key(), c.runId());
            forwardAudit(pending, null, null);
            return true;
        }
        SagaState updated = state.with(report);
        forwardAudit(pending, null, null);
        if (updated.remaining() > 0) {
            sagaState.put(c.runId(), updated);
        } else {
            finish(updated);
        }
        return true;
    }

    private static Compensation compensationOf(PendingRequest pending) {
        return Json.mapper().convertValue(pending.payload(), Compensation.class);
    }

    /**
     * How one compensation attempt ended: its step report, a deferral of its retry, or the failure of a compensator
     * that broke its contract. Exactly one is set.
     */
    record Undo(SagaStepReport report, RunOutcome.Deferred deferral, Throwable failure) {
        Undo(SagaStepReport report, RunOutcome.Deferred deferral) {
            this(report, deferral, null);
        }
    }

    /** The run's final envelope, its audit entry and the state's deletion, together. */
    private void finish(SagaState state) {
        List<SagaStepReport> reports = state.reports();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        // The envelope the saga gives when it compensates in process: the same failure, the same words.
        SagaFailedException failure = new SagaFailedException(state.error().step(), state.error().failureClass(),
                state.error().type(), state.error().message(), reports);
        ErrorInfo error = ErrorInfo.of(failure.failureClass(), failure.type(), failure.getMessage(), failure.failedStep());
        Metadata metadata = new Metadata(state.runId(), spec.name(), state.saga(), RunStatus.FAILED, false, false,
                null, error, state.attempt(), state.startedAt(), now, state.stepRuns(), failure.details());
        Envelope envelope = new Envelope(metadata, List.of());
        audit.append(AuditRecord.ofEnvelope(envelope, now));
        answer(state.request(), envelope);
        sagaState.delete(state.runId());
        releases.released(context.taskId(), state.runId());
    }
}
