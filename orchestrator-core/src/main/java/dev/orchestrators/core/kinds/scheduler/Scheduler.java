package dev.orchestrators.core.kinds.scheduler;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.InvalidPayloadException;
import dev.orchestrators.core.internal.RunContext;
import dev.orchestrators.core.orchestrator.BaseOrchestrator;
import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.core.orchestrator.OrchestratorBuilder;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.StepContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.queue.JobScheduler;
import dev.orchestrators.core.queue.ScheduledJob;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Schedules follow-ups (reminders, retries) for a later time, with no heavy compute: it checks the request,
 * hands a {@link ScheduledJob} to the context's {@link JobScheduler} and returns the run descriptor
 * ({@code job_id}, {@code due_at}, {@code target}) as its one record and in {@code metadata.details.job}.
 *
 * <p>Requests: {@code {"target": "<flow>", "delay": "PT1H" | "delay_ms": 3600000 | "due_at": "<ISO instant>",
 * "job": {payload of the follow-up}, "job_id": optional, "key": optional record key of the follow-up}}; without {@code job_id} the job's id is derived from
 * the run id, so a redelivered request schedules the same job, not a second one. Cancel with
 * {@code {"cancel": "<job_id>"}}. Only declared targets are accepted, so a request cannot make the runtime
 * write to an arbitrary topic. Every schedule and cancellation is audited ({@code SCHEDULED_JOB}).
 *
 * <p>Thread-safe.
 */
public final class Scheduler extends BaseOrchestrator {
    /** The kind's name. */
    public static final String KIND = "scheduler";

    private final Set<String> targets;
    private final String defaultTarget;
    private final Duration maxDelay;

    private Scheduler(Builder b, OrchestratorContext context) {
        super(b.name(), b.settings(), context);
        this.targets = Set.copyOf(b.targets);
        this.defaultTarget = b.defaultTarget;
        this.maxDelay = b.maxDelay;
    }

    public static Builder newBuilder(String name) {
        return new Builder().name(name);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The flows follow-ups may go to. */
    public Set<String> targets() {
        return targets;
    }

    @Override
    protected List<Description> parts() {
        return targets.stream().sorted().map(t -> new Description(t, "target", Set.of(), Set.of(), false, false, List.of())).toList();
    }

    /** The job id a request of run {@code runId} schedules when it names none. */
    public static String jobIdFor(String runId) {
        return "job-" + runId;
    }

    @Override
    public void validatePayload(Payload payload) {
        super.validatePayload(payload);
        if (payload.get("cancel") != null) {
            payload.requireString("cancel");
            return;
        }
        plan(payload, context().clock().instant()); // throws InvalidPayloadException naming what is wrong
    }

    @Override
    protected CompletionStage<StepOutcome> perform(RunContext run) {
        return runStep(run, Steps.of(run.payload().get("cancel") != null ? "cancel" : "schedule", this::act), List.of());
    }

    private CompletionStage<StepOutcome> act(StepContext context, List<EnvelopeRecord> input) {
        Payload payload = context.payload();
        JobScheduler jobs = context.services().jobs();
        if (payload.get("cancel") != null) {
            String jobId = payload.requireString("cancel");
            JobScheduler.CancelResult result = jobs.cancel(jobId, context.runId());
            String status = switch (result) {
                case CANCELLED -> "cancelled";
                case NOT_FOUND -> "not_found";
                case REQUESTED -> "cancel_requested";
            };
            Map<String, Object> fields = Map.of("job_id", jobId, "status", status);
            audit(context, jobId, fields);
            return done(context, jobId, fields, "cancel_" + status);
        }
        ScheduledJob job = plan(payload, context.now()).toJob(context.runId(), context.flow(), context.now());
        jobs.schedule(job);
        Map<String, Object> descriptor = job.descriptor("scheduled");
        audit(context, job.jobId(), descriptor);
        return done(context, job.jobId(), descriptor, "scheduled");
    }

    private CompletionStage<StepOutcome> done(StepContext context, String jobId, Map<String, Object> fields, String action) {
        EnvelopeRecord record = EnvelopeRecord.of(jobId, fields, context.provenance(null, action, 1));
        return CompletableFuture.completedFuture(StepOutcome.proceed(List.of(record)).withDetail("job", fields));
    }

    private void audit(StepContext context, String jobId, Map<String, Object> fields) {
        context.services().auditStore().append(new AuditRecord(AuditKind.SCHEDULED_JOB, context.runId(),
                context.flow(), name(), jobId, context.now(), null, new LinkedHashMap<>(fields)));
    }

    /** The job a scheduling request asks for, relative to {@code now}. */
    private Plan plan(Payload payload, Instant now) {
        String target = payload.get("target") == null ? defaultTarget : payload.requireString("target");
        if (target == null) {
            throw new InvalidPayloadException("payload field 'target' is required: one of " + new java.util.TreeSet<>(targets));
        }
        if (!targets.contains(target)) {
            throw new InvalidPayloadException("target '" + target + "' is not one of this scheduler's targets "
                    + new java.util.TreeSet<>(targets));
        }
        Instant due = dueAt(payload, now);
        if (Duration.between(now, due).compareTo(maxDelay) > 0) {
            throw new InvalidPayloadException("the job is due in " + Duration.between(now, due) + ", beyond the limit of " + maxDelay);
        }
        Object job = payload.get("job");
        if (job != null && !(job instanceof Map<?, ?>)) {
            throw new InvalidPayloadException("payload field 'job' must be an object (the follow-up's payload)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> jobPayload = job == null ? Map.of() : (Map<String, Object>) job;
        Object jobId = payload.get("job_id");
        if (jobId != null && (!(jobId instanceof String s) || s.isBlank() || s.length() > 200)) {
            throw new InvalidPayloadException("payload field 'job_id' must be a non-blank string of at most 200 characters");
        }
        Object key = payload.get("key");
        if (key != null && !(key instanceof String)) {
            throw new InvalidPayloadException("payload field 'key' must be a string (the follow-up's record key)");
        }
        return new Plan((String) jobId, (String) key, target, due, jobPayload);
    }

    private static Instant dueAt(Payload payload, Instant now) {
        int given = (payload.get("delay") != null ? 1 : 0) + (payload.get("delay_ms") != null ? 1 : 0)
                + (payload.get("due_at") != null ? 1 : 0);
        if (given != 1) {
            throw new InvalidPayloadException("give exactly one of 'delay' (ISO-8601 duration, e.g. PT1H), 'delay_ms' or 'due_at' (ISO-8601 instant)");
        }
        try {
            if (payload.get("delay") != null) {
                Duration delay = Duration.parse(payload.requireString("delay"));
                requireNotNegative(delay);
                return now.plus(delay);
            }
            if (payload.get("delay_ms") != null) {
                if (!(payload.get("delay_ms") instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > Long.MAX_VALUE / 2.0) {
                    throw new InvalidPayloadException("payload field 'delay_ms' must be a non-negative number");
                }
                return now.plusMillis(((Number) payload.get("delay_ms")).longValue());
            }
            return Instant.parse(payload.requireString("due_at"));
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new InvalidPayloadException("cannot read the job's due time: " + e.getMessage());
        }
    }

    private static void requireNotNegative(Duration delay) {
        if (delay.isNegative()) {
            throw new InvalidPayloadException("payload field 'delay' must not be negative, was " + delay);
        }
    }

    private record Plan(String jobId, String key, String target, Instant dueAt, Map<String, Object> payload) {
        ScheduledJob toJob(String runId, String flow, Instant now) {
            return new ScheduledJob(jobId == null ? jobIdFor(runId) : jobId, runId, flow, key, target, dueAt, payload, now);
        }
    }

    /** Builder; {@link #build} needs at least one target. Defaults: name {@code scheduler}, at most a year ahead. */
    public static final class Builder extends OrchestratorBuilder<Builder, Scheduler> {
        private final Set<String> targets = new java.util.LinkedHashSet<>();
        private String defaultTarget;
        private Duration maxDelay = Duration.ofDays(366);

        private Builder() {
            super(KIND);
        }

        /** A flow follow-ups may go to (its request topic receives them). */
        public Builder target(String flow) {
            targets.add(Objects.requireNonNull(flow, "flow"));
            return this;
        }

        /** The target of requests that name none. */
        public Builder defaultTarget(String flow) {
            target(flow);
            this.defaultTarget = flow;
            return this;
        }

        /** Jobs due further ahead are refused (default 366 days). */
        public Builder maxDelay(Duration value) {
            this.maxDelay = Objects.requireNonNull(value, "maxDelay");
            return this;
        }

        /** @throws ConfigurationException when no target is declared */
        @Override
        public Scheduler build(OrchestratorContext context) {
            if (targets.isEmpty()) {
                throw new ConfigurationException("scheduler '" + name() + "' needs at least one target flow");
            }
            return new Scheduler(this, context);
        }
    }
}
