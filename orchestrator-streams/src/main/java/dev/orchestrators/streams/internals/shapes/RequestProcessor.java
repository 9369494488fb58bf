package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.RunOutcome;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.FlowTaskProcessor;
import dev.orchestrators.streams.internals.engine.PendingRequest;
import dev.orchestrators.streams.serde.Request;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What the processors of a flow's requests share: each request is admitted under the flow's pending store, runs
 * one attempt of the flow's orchestrator on the engine, and ends in a {@link RunOutcome} matched exhaustively here:
 * an answer is written, a failure dead-lettered, a deferral parked by the engine; a shape that hands runs off
 * (router, saga) overrides {@link #routed} or {@link #compensationRequired}, which no other shape can receive.
 *
 * @param <O> the orchestrator type the shape runs
 */
abstract class RequestProcessor<O extends Orchestrator> extends FlowTaskProcessor<Request, RunOutcome> {
    private final Class<O> kind;
    protected O orchestrator;

    RequestProcessor(FlowSpec spec, Class<O> kind) {
        super(spec);
        this.kind = kind;
    }

    @Override
    protected final String pendingStoreName() {
        return FlowSpec.pendingStore(spec.name());
    }

    @Override
    protected void initKind(OrchestratorContext taskContext) {
        this.orchestrator = kind.cast(spec.flow().create(taskContext));
    }

    @Override
    protected final PendingRequest toPending(Record<String, Request> record) {
        Request request = record.value();
        return PendingRequest.admitted(record.key(), runIdOf(request, record), request.payload(), record.timestamp(),
                carriedHeaders(record));
    }

    @Override
    public final CompletionStage<RunOutcome> start(PendingRequest pending, ExecutionOptions options) {
        return orchestrator.attempt(pending.toPayload(), options);
    }

    @Override
    public final RunOutcome.Deferred deferral(RunOutcome outcome) {
        return outcome instanceof RunOutcome.Deferred deferred ? deferred : null;
    }

    @Override
    public final RunOutcome broken(Throwable failure) {
        return new RunOutcome.Failed(failure);
    }

    @Override
    public final boolean finished(long seq, PendingRequest pending, RunOutcome outcome) {
        return outcome.match(new RunOutcome.Cases<>() {
            @Override
            public Boolean answered(RunOutcome.Answered answered) {
                return RequestProcessor.this.answered(pending, answered.envelope());
            }

            @Override
            public Boolean routed(RunOutcome.Routed routed) {
                return RequestProcessor.this.routed(pending, routed);
            }

            @Override
            public Boolean compensationRequired(RunOutcome.CompensationRequired required) {
                return RequestProcessor.this.compensationRequired(seq, pending, required);
            }

            @Override
            public Boolean deferred(RunOutcome.Deferred deferred) {
                throw new IllegalStateException("the engine parks deferred runs; run " + pending.runId() + " was not");
            }

            @Override
            public Boolean failed(RunOutcome.Failed failed) {
                deadLetter(pending, failed.failure());
                return true;
            }
        });
    }

    /** Writes the run's envelope and audit records. @return true: the request is answered */
    protected boolean answered(PendingRequest pending, Envelope envelope) {
        answer(pending, envelope);
        return true;
    }

    /** A route chosen by a root router; only the router shape's orchestrator ends in one. */
    protected boolean routed(PendingRequest pending, RunOutcome.Routed routed) {
        throw unexpected(routed);
    }

    /** A root saga's compensation plan; only the saga shape's orchestrator ends in one. @return false to hold */
    protected boolean compensationRequired(long seq, PendingRequest pending, RunOutcome.CompensationRequired required) {
        throw unexpected(required);
    }

    private IllegalStateException unexpected(RunOutcome outcome) {
        return new IllegalStateException("flow " + spec.name() + " (" + orchestrator.kind() + ") cannot continue a "
                + outcome.getClass().getSimpleName() + " outcome");
    }
}
