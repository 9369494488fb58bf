package dev.orchestrators.core.kinds.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.queue.InMemoryJobScheduler;
import dev.orchestrators.core.queue.InMemoryQueue;
import dev.orchestrators.core.queue.Job;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.time.ManualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Follow-ups at a later time: planned, handed to the job scheduler, fired when time comes, cancellable. */
class SchedulerTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final ManualTime time = ManualTime.startingAt(T0);
    private final InMemoryQueue queue = new InMemoryQueue();
    private final InMemoryJobScheduler jobs = new InMemoryJobScheduler(time, time, queue);
    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final OrchestratorContext context = OrchestratorContext.newBuilder().time(time).jobs(jobs).auditStore(audit).build();
    private final Scheduler scheduler = Scheduler.newBuilder("followup")
            .defaultTarget("reminder").target("lead_intake").maxDelay(Duration.ofDays(30)).build(context);

    private static Payload request(String runId, Object... fieldsAndValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            data.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return new Payload(runId, data);
    }

    private List<Job> drainQueue() {
        List<Job> all = new ArrayList<>();
        queue.poll().ifPresent(first -> {
            all.add(first);
            all.addAll(drainQueue());
        });
        return all;
    }

    @Test
    void shouldScheduleAfterAnIsoDelayAndReturnTheRunDescriptor() {
        // when
        Envelope envelope = scheduler.run(request("run-1", "target", "lead_intake", "delay", "PT1H", "job", Map.of("lead_id", "L-1")));

        // then
        Map<String, Object> descriptor = Map.of("job_id", "job-run-1", "due_at", "2024-05-01T11:00:00Z",
                "target", "lead_intake", "status", "scheduled");
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("job-run-1").hasStepsInOrder("schedule");
        assertThat(envelope.records().get(0).fields()).isEqualTo(descriptor);
        assertThat(envelope.metadata().details()).containsEntry("job", descriptor);
        assertThat(jobs.pendingJobs()).singleElement().satisfies(job -> {
            assertThat(job.runId()).isEqualTo("run-1");
            assertThat(job.flow()).isEqualTo("followup");
            assertThat(job.payload()).isEqualTo(Map.of("lead_id", "L-1"));
        });
    }

    @Test
    void shouldEnqueueTheFollowUpOnlyWhenItIsDue() {
        // given
        scheduler.run(request("run-1", "target", "lead_intake", "delay", "PT1H", "job", Map.of("lead_id", "L-1")));

        // when
        time.advance(Duration.ofMinutes(59));
        int beforeDue = queue.size();
        time.advance(Duration.ofMinutes(1));

        // then
        assertThat(beforeDue).isZero();
        assertThat(drainQueue()).singleElement().satisfies(job -> {
            assertThat(job.flow()).isEqualTo("lead_intake");
            assertThat(job.payload()).isEqualTo(new Payload("job-run-1", Map.of("lead_id", "L-1")));
            assertThat(job.enqueuedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        });
        assertThat(jobs.pendingJobs()).isEmpty();
    }

    @Test
    void shouldScheduleAfterADelayInMilliseconds() {
        // when
        Envelope envelope = scheduler.run(request("run-2", "delay_ms", 90_000));

        // then
        assertThat(envelope.records().get(0).field("due_at")).isEqualTo("2024-05-01T10:01:30Z");
        time.advance(Duration.ofSeconds(89));
        assertThat(queue.size()).isZero();
        time.advance(Duration.ofSeconds(1));
        assertThat(queue.size()).isOne();
    }

    @Test
    void shouldScheduleAtAGivenInstant() {
        // when
        Envelope envelope = scheduler.run(request("run-3", "due_at", "2024-05-02T09:30:00Z"));

        // then
        assertThat(envelope.records().get(0).field("due_at")).isEqualTo("2024-05-02T09:30:00Z");
        time.advance(Duration.between(T0, Instant.parse("2024-05-02T09:30:00Z")));
        assertThat(drainQueue()).extracting(Job::flow).containsExactly("reminder");
    }

    @Test
    void shouldUseThePayloadsJobIdAndTheDefaultTarget() {
        // when
        Envelope envelope = scheduler.run(request("run-4", "job_id", "remind-ada", "delay", "PT5M"));

        // then
        assertThat(envelope.records().get(0).fields()).containsEntry("job_id", "remind-ada").containsEntry("target", "reminder");
        time.advance(Duration.ofMinutes(5));
        assertThat(drainQueue()).singleElement().satisfies(job -> {
            assertThat(job.flow()).isEqualTo("reminder");
            assertThat(job.id()).isEqualTo("remind-ada");
        });
    }

    @Test
    void shouldReplaceAJobScheduledAgainUnderTheSameId() {
        // given
        scheduler.run(request("run-5", "job_id", "remind-ada", "delay", "PT1H", "job", Map.of("n", 1)));

        // when
        scheduler.run(request("run-6", "job_id", "remind-ada", "delay", "PT2H", "job", Map.of("n", 2)));

        // then
        assertThat(jobs.pendingJobs()).singleElement().satisfies(job -> assertThat(job.runId()).isEqualTo("run-6"));
        time.advance(Duration.ofHours(1));
        assertThat(queue.size()).isZero();
        time.advance(Duration.ofHours(1));
        assertThat(drainQueue()).singleElement().satisfies(job -> assertThat(job.payload().data()).isEqualTo(Map.of("n", 2)));
    }

    @Test
    void shouldCancelAPendingJobSoThatNothingIsEnqueued() {
        // given
        scheduler.run(request("run-7", "job_id", "remind-ada", "delay", "PT1H"));

        // when
        Envelope envelope = scheduler.run(request("run-8", "cancel", "remind-ada"));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("remind-ada").hasStepsInOrder("cancel");
        assertThat(envelope.records().get(0).fields()).isEqualTo(Map.of("job_id", "remind-ada", "status", "cancelled"));
        assertThat(envelope.metadata().details()).containsEntry("job", Map.of("job_id", "remind-ada", "status", "cancelled"));
        time.advance(Duration.ofDays(1));
        assertThat(queue.size()).isZero();
    }

    @Test
    void shouldAnswerNotFoundWhenCancellingAnUnknownJob() {
        // when
        Envelope envelope = scheduler.run(request("run-9", "cancel", "nobody"));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK);
        assertThat(envelope.records().get(0).field("status")).isEqualTo("not_found");
    }

    @Test
    void shouldAuditEveryScheduleAndCancellation() {
        // when
        scheduler.run(request("run-10", "job_id", "remind-ada", "delay", "PT1H"));
        time.advance(Duration.ofMinutes(10));
        scheduler.run(request("run-11", "cancel", "remind-ada"));

        // then
        assertThat(audit.records()).filteredOn(r -> r.kind() == AuditKind.SCHEDULED_JOB)
                .extracting(r -> r.runId(), r -> r.orchestrator(), r -> r.subject(), r -> r.at(), r -> r.details().get("status"))
                .containsExactly(tuple("run-10", "followup", "remind-ada", T0, "scheduled"),
                        tuple("run-11", "followup", "remind-ada", T0.plus(Duration.ofMinutes(10)), "cancelled"));
    }

    @Test
    void shouldFailWithAConfigurationMessageWhenTheContextHasNoJobScheduler() {
        // given
        Scheduler unwired = Scheduler.newBuilder("followup").target("reminder")
                .build(OrchestratorContext.newBuilder().time(time).build());

        // when
        Envelope envelope = unwired.run(request("run-12", "target", "reminder", "delay", "PT1H"));

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "ConfigurationException", "schedule");
        assertThat(envelope.metadata().error().message()).contains("no job scheduler").contains("jobs(...)")
                .contains("InMemoryJobScheduler");
    }

    @Test
    void shouldFireAJobDueInThePastAtTheNextAdvance() {
        // given
        scheduler.run(request("run-13", "due_at", "2024-05-01T09:00:00Z"));
        assertThat(queue.size()).isZero();

        // when
        time.advance(Duration.ZERO);

        // then
        assertThat(drainQueue()).extracting(Job::id).containsExactly("job-run-13");
    }
}
