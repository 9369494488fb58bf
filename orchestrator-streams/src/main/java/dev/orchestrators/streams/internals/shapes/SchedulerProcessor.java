package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.kinds.scheduler.Scheduler;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.queue.ScheduledJob;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.Output;
import dev.orchestrators.streams.internals.engine.PendingRequest;
import dev.orchestrators.streams.internals.engine.TaskJobScheduler;
import dev.orchestrators.streams.serde.Json;
import java.util.List;

/**
 * A scheduler's requests: each runs the scheduler (which checks it and plans the job) on the asynchronous
 * engine; the planned job goes to {@code <flow>.jobs} keyed by its id, together with the run descriptor on
 * the results, in one transaction. A cancellation goes to {@code <flow>.jobs} too, where the job store
 * (which owns the job's partition) answers it.
 */
final class SchedulerProcessor extends RequestProcessor<Scheduler> {
    private final TaskJobScheduler jobs = new TaskJobScheduler();

    public SchedulerProcessor(FlowSpec spec) {
        super(spec, Scheduler.class);
    }


    @Override
    protected OrchestratorContext.Builder taskContext() {
        return super.taskContext().jobs(jobs);
    }




    /** A run that ended without an answer asked for no job that counts: what it asked is forgotten. */
    @Override
    public void deadLetter(PendingRequest pending, Throwable failure) {
        jobs.drain(pending.runId());
        super.deadLetter(pending, failure);
    }

    /** The planned job (or cancellation) goes to {@code <flow>.jobs} with the run's answer, in one transaction. */
    @Override
    protected boolean answered(PendingRequest pending, Envelope envelope) {
        List<Object> asked = jobs.drain(pending.runId());
        String topic = TopicNames.jobs(spec.name());
        for (Object request : asked) {
            if (request instanceof ScheduledJob job) {
                forward(job.jobId(), Output.to(topic, json(JobCommand.schedule(job))), context.currentSystemTimeMs(),
                        runHeaders(pending));
            } else if (request instanceof TaskJobScheduler.Cancel cancel) {
                JobCommand.Reply reply = new JobCommand.Reply(pending.runId(), pending.key(), pending.timestamp(),
                        pending.carried(), orchestrator.name(), pending.attempt(), envelope.metadata().startedAt());
                forward(cancel.jobId(), Output.to(topic, json(JobCommand.cancel(cancel.jobId(), reply))),
                        context.currentSystemTimeMs(), runHeaders(pending));
                // The job store answers the cancellation: this run's provisional envelope is neither sent nor audited.
                forwardAuditExceptEnvelope(pending);
                return true;
            }
        }
        answer(pending, envelope);
        return true;
    }

    private void forwardAuditExceptEnvelope(PendingRequest pending) {
        List<AuditRecord> kept = audit.drain(pending.runId()).stream().filter(r -> r.kind() != AuditKind.ENVELOPE).toList();
        kept.forEach(audit::append);
        forwardAudit(pending, null, null);
    }

    public static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
