package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Metadata;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.envelope.StepRun;
import dev.orchestrators.core.queue.ScheduledJob;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.Output;
import dev.orchestrators.streams.serde.JsonSerde;
import dev.orchestrators.streams.serde.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduler's job store. Kafka has no delayed messages: jobs wait, by id, in a persistent changelogged
 * store ({@code <flow>-jobs}) with a due-time index ({@code <flow>-jobs-due}), and a wall-clock punctuation
 * (every {@code orchestrator.scheduler.tick.ms}) emits each due job to its target flow's request topic,
 * deletes it and writes a tombstone to {@code <flow>.jobs}, in one transaction: under exactly_once_v2 a job
 * is emitted once, also when it fell due while no worker ran (it is emitted at the first tick after the
 * restart). Cancellations arrive on the job's partition (they are keyed by job id) and are answered here.
 *
 * <p>Confined to the stream thread.
 */
public final class JobStoreProcessor implements Processor<String, JobCommand, String, Output> {
    private static final Logger LOG = LoggerFactory.getLogger(JobStoreProcessor.class);
    /** At most this many jobs are emitted per tick, so one tick never holds the thread for long. */
    private static final int MAX_PER_TICK = 10_000;

    private final FlowSpec spec;
    private ProcessorContext<String, Output> context;
    private KeyValueStore<String, ScheduledJob> jobs;
    private KeyValueStore<String, String> due;

    public JobStoreProcessor(FlowSpec spec) {
        this.spec = spec;
    }

    @Override
    public void init(ProcessorContext<String, Output> processorContext) {
        this.context = processorContext;
        this.jobs = processorContext.getStateStore(SchedulerShape.jobsStore(spec.name()));
        this.due = processorContext.getStateStore(SchedulerShape.jobsDueStore(spec.name()));
        processorContext.schedule(spec.schedulerTick(), PunctuationType.WALL_CLOCK_TIME, this::emitDue);
    }

    /** The index key: the due time, zero-padded so that keys sort by time, then the job id. */
    public static String dueKey(Instant dueAt, String jobId) {
        return String.format("%019d|%s", Math.max(0, dueAt.toEpochMilli()), jobId);
    }

    @Override
    public void process(Record<String, JobCommand> record) {
        JobCommand command = record.value();
        if (command == null) {
            return; // a tombstone this store wrote when it emitted the job
        }
        if (JobCommand.SCHEDULE.equals(command.op()) && command.job() != null) {
            ScheduledJob job = command.job();
            ScheduledJob earlier = jobs.get(job.jobId());
            if (earlier != null) {
                due.delete(dueKey(earlier.dueAt(), earlier.jobId()));
            }
            jobs.put(job.jobId(), job);
            due.put(dueKey(job.dueAt(), job.jobId()), job.jobId());
        } else if (JobCommand.CANCEL.equals(command.op()) && command.reply() != null) {
            cancel(command.jobId(), command.reply());
        } else {
            throw new IllegalArgumentException("not a job command: op=" + command.op());
        }
    }

    private void cancel(String jobId, JobCommand.Reply reply) {
        ScheduledJob job = jobId == null ? null : jobs.get(jobId);
        String status = job == null ? "not_found" : "cancelled";
        if (job != null) {
            jobs.delete(jobId);
            due.delete(dueKey(job.dueAt(), jobId));
            forward(jobId, Output.to(TopicNames.jobs(spec.name()), null), reply.runId());
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("job_id", jobId);
        fields.put("status", status);
        Provenance provenance = new Provenance(reply.orchestrator(), "cancel", null, "cancel_" + status, reply.runId(), now, 1);
        Metadata metadata = new Metadata(reply.runId(), spec.name(), reply.orchestrator(), RunStatus.OK, false, false, null,
                null, reply.attempt(), reply.startedAt(), now,
                List.of(new StepRun("cancel", reply.orchestrator(), StepRun.StepStatus.OK, 0, 0)), Map.of("job", fields));
        Envelope envelope = new Envelope(metadata, List.of(EnvelopeRecord.of(jobId, fields, provenance)));
        byte[] answer = spec.format().serializeEnvelope(spec.results(), envelope);
        RecordHeaders headers = Output.runHeaders(reply.runId(), spec.name());
        headers.add(Headers.STATUS, Headers.utf8(RunStatus.OK.name()));
        for (String trace : List.of(Headers.TRACEPARENT, Headers.TRACESTATE)) {
            String value = reply.carried().get(trace); // the cancelling request's trace goes on with its answer
            if (value != null) {
                headers.add(trace, Headers.utf8(value));
            }
        }
        context.forward(new Record<>(reply.key(), Output.to(spec.results(), answer), reply.timestamp(), headers));
        audit(new AuditRecord(AuditKind.SCHEDULED_JOB, reply.runId(), spec.name(), reply.orchestrator(), jobId, now, null, fields));
        audit(AuditRecord.ofEnvelope(envelope, now));
    }

    private void emitDue(long now) {
        List<KeyValue<String, String>> dueNow = new ArrayList<>();
        try (KeyValueIterator<String, String> it = due.range(dueKey(Instant.EPOCH, ""), dueKey(Instant.ofEpochMilli(now), "~"))) {
            while (it.hasNext() && dueNow.size() < MAX_PER_TICK) {
                dueNow.add(it.next());
            }
        }
        for (KeyValue<String, String> entry : dueNow) {
            ScheduledJob job = jobs.get(entry.value);
            if (job != null) {
                try {
                    emit(job, now); // first: a job that cannot be written stays due, and is tried again next tick
                } catch (RuntimeException e) {
                    LOG.error("flow {}: due job {} cannot be written to {}; tried again at the next tick", spec.name(),
                            job.jobId(), TopicNames.requests(job.target()), e);
                    continue;
                }
                jobs.delete(job.jobId());
            }
            due.delete(entry.key);
        }
    }

    private void emit(ScheduledJob job, long now) {
        // In the target's wire format, which may not be the scheduler's.
        byte[] request = spec.wire().of(job.target()).serializeRequest(TopicNames.requests(job.target()),
                new Request(job.jobId(), job.payload()));
        RecordHeaders headers = Output.runHeaders(job.jobId(), job.target());
        headers.add(Headers.JOB_ID, Headers.utf8(job.jobId()));
        headers.add(Headers.SCHEDULED_BY, Headers.utf8(spec.name()));
        context.forward(new Record<>(job.recordKey(), Output.to(TopicNames.requests(job.target()), request), now, headers));
        forward(job.jobId(), Output.to(TopicNames.jobs(spec.name()), null), job.runId());
        Map<String, Object> details = new LinkedHashMap<>(job.descriptor("emitted"));
        details.put("late_ms", Math.max(0, now - job.dueAt().toEpochMilli()));
        audit(new AuditRecord(AuditKind.SCHEDULED_JOB, job.runId(), spec.name(), spec.name(), job.jobId() + "/emitted",
                Instant.ofEpochMilli(now), null, details));
        LOG.debug("flow {}: job {} emitted to {} ({} ms after due)", spec.name(), job.jobId(), job.target(),
                now - job.dueAt().toEpochMilli());
    }

    private void forward(String key, Output output, String runId) {
        context.forward(new Record<>(key, output, context.currentSystemTimeMs(), Output.runHeaders(runId, spec.name())));
    }

    private void audit(AuditRecord record) {
        byte[] value = JsonSerde.auditRecord().serializer().serialize(spec.auditTopic(), record);
        context.forward(new Record<>(record.key(), Output.to(spec.auditTopic(), value), context.currentSystemTimeMs(),
                Output.runHeaders(record.runId(), spec.name())));
    }
}
