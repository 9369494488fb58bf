package dev.orchestrators.streams.internals.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.time.ManualTime;
import dev.orchestrators.samples.FollowupReminderSample;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.testkit.FlowTestDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler's topology: run descriptors, the job store, due jobs emitted once by a wall-clock tick. */
class SchedulerTopologyTest {
    private static final String FLOW = FollowupReminderSample.FLOW;
    private final ManualTime time = ManualTime.startingAt(Instant.parse("2026-05-04T09:00:00Z"));
    private final FlowTestDriver scheduler = FlowTestDriver.newBuilder(FollowupReminderSample.flow()).time(time).build();
    private final TestOutputTopic<String, String> leadSync = scheduler.topic(TopicNames.requests("lead_sync"));

    @AfterEach
    void close() {
        scheduler.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> job(Envelope envelope) {
        return (Map<String, Object>) envelope.metadata().details().get("job");
    }

    @Test
    void shouldEmitAOneHourReminderOnceWhenItIsDueAndNotBefore() {
        // given
        scheduler.send("L-42", "{\"run_id\":\"remind-1\",\"payload\":{\"target\":\"lead_sync\",\"delay\":\"PT1H\","
                + "\"key\":\"L-42\",\"job\":{\"lead_id\":\"L-42\"}}}");
        Envelope descriptor = scheduler.results().readValue();
        assertThat(descriptor.status()).isEqualTo(RunStatus.OK);
        assertThat(job(descriptor)).containsEntry("job_id", "job-remind-1").containsEntry("due_at", "2026-05-04T10:00:00Z")
                .containsEntry("target", "lead_sync").containsEntry("status", "scheduled");

        // when
        scheduler.tick(Duration.ofMinutes(59));
        boolean early = leadSync.isEmpty();
        scheduler.tick(Duration.ofMinutes(1));
        scheduler.tick(Duration.ofHours(5));

        // then
        assertThat(early).isTrue();
        TestRecord<String, String> emitted = leadSync.readRecord();
        assertThat(emitted.key()).isEqualTo("L-42");
        assertThat(emitted.value()).isEqualTo("{\"run_id\":\"job-remind-1\",\"payload\":{\"lead_id\":\"L-42\"}}");
        assertThat(Headers.lastValue(emitted.headers(), Headers.JOB_ID)).isEqualTo("job-remind-1");
        assertThat(Headers.lastValue(emitted.headers(), Headers.SCHEDULED_BY)).isEqualTo(FLOW);
        assertThat(leadSync.isEmpty()).as("emitted once").isTrue();
        assertThat(scheduler.store(SchedulerShape.jobsStore(FLOW)).get("job-remind-1")).isNull();
        assertThat(scheduler.audit().readValuesToList()).filteredOn(r -> r.kind() == AuditKind.SCHEDULED_JOB)
                .extracting(r -> r.details().get("status")).containsExactly("scheduled", "emitted");
    }

    @Test
    void shouldCancelAPendingJobByIdWhateverKeyTheCancellationCarries() {
        // given
        scheduler.send("L-7", "{\"run_id\":\"remind-2\",\"payload\":{\"delay\":\"PT2H\",\"job\":{\"lead_id\":\"L-7\"}}}");
        scheduler.results().readValue();

        // when
        scheduler.send("some-other-key", "{\"run_id\":\"cancel-2\",\"payload\":{\"cancel\":\"job-remind-2\"}}");
        scheduler.tick(Duration.ofHours(3));

        // then
        assertThat(leadSync.isEmpty()).isTrue();
        Envelope answer = scheduler.results().readValue();
        assertThat(answer.runId()).isEqualTo("cancel-2");
        assertThat(job(answer)).containsEntry("job_id", "job-remind-2").containsEntry("status", "cancelled");
        assertThat(scheduler.results().isEmpty()).as("one envelope per request").isTrue();
    }

    @Test
    void shouldTellTheCallerWhenTheJobToCancelIsNotPending() {
        // when
        scheduler.send("k", "{\"run_id\":\"cancel-3\",\"payload\":{\"cancel\":\"job-nobody\"}}");

        // then
        assertThat(job(scheduler.results().readValue())).containsEntry("status", "not_found");
    }

    @Test
    void shouldRefuseATargetTheSchedulerDoesNotDeclare() {
        // when
        scheduler.send("k", "{\"run_id\":\"bad-1\",\"payload\":{\"target\":\"payments\",\"delay\":\"PT1M\"}}");
        scheduler.tick(Duration.ofMinutes(5));

        // then
        Envelope envelope = scheduler.results().readValue();
        assertThat(envelope.status()).isEqualTo(RunStatus.FAILED);
        assertThat(envelope.metadata().error().type()).isEqualTo("InvalidPayload");
        assertThat(envelope.metadata().error().message()).contains("payments").contains("lead_sync");
        assertThat(scheduler.driver().producedTopicNames()).doesNotContain(TopicNames.requests("payments"));
    }

    @Test
    void shouldReplaceAJobScheduledAgainUnderTheSameId() {
        // when the same job id is scheduled twice, the second time for later
        scheduler.send("L-9", "{\"payload\":{\"job_id\":\"j-9\",\"delay\":\"PT1H\",\"job\":{\"lead_id\":\"L-9\"}}}");
        scheduler.send("L-9", "{\"payload\":{\"job_id\":\"j-9\",\"delay\":\"PT3H\",\"job\":{\"lead_id\":\"L-9\"}}}");
        scheduler.tick(Duration.ofHours(2));
        boolean notYet = leadSync.isEmpty();
        scheduler.tick(Duration.ofHours(2));

        // then
        assertThat(notYet).isTrue();
        assertThat(leadSync.readValuesToList()).hasSize(1);
    }
}
