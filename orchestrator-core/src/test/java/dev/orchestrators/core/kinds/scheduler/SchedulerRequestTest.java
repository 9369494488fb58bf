package dev.orchestrators.core.kinds.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.queue.InMemoryJobScheduler;
import dev.orchestrators.core.queue.InMemoryQueue;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.time.ManualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a scheduling request must say: a declared target, exactly one due time within the limit, a job object. */
class SchedulerRequestTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final ManualTime time = ManualTime.startingAt(T0);
    private final InMemoryQueue queue = new InMemoryQueue();
    private final InMemoryJobScheduler jobs = new InMemoryJobScheduler(time, time, queue);
    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final OrchestratorContext context = OrchestratorContext.newBuilder().time(time).jobs(jobs).auditStore(audit).build();

    private Scheduler scheduler(String defaultTarget) {
        Scheduler.Builder builder = Scheduler.newBuilder("followup").target("lead_intake").target("reminder")
                .maxDelay(Duration.ofDays(30));
        return (defaultTarget == null ? builder : builder.defaultTarget(defaultTarget)).build(context);
    }

    private static Payload request(Object... fieldsAndValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            data.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return new Payload("run-1", data);
    }

    /** The request fails as InvalidPayload before any step, with {@code message} in its error, and schedules nothing. */
    private void assertRejected(Scheduler scheduler, Payload request, String message) {
        Envelope envelope = scheduler.run(request);
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "InvalidPayload", null).hasRecordKeys();
        assertThat(envelope.metadata().error().step()).isNull();
        assertThat(envelope.metadata().steps()).isEmpty();
        assertThat(envelope.metadata().error().message()).contains(message);
        assertThat(jobs.pendingJobs()).isEmpty();
    }

    @Test
    void shouldRejectAnUndeclaredTargetNamingTheAllowedOnes() {
        assertRejected(scheduler(null), request("target", "billing", "delay", "PT1H"),
                "target 'billing' is not one of this scheduler's targets [lead_intake, reminder]");
    }

    @Test
    void shouldRequireATargetWhenThereIsNoDefault() {
        assertRejected(scheduler(null), request("delay", "PT1H"),
                "payload field 'target' is required: one of [lead_intake, reminder]");
    }

    @Test
    void shouldRequireExactlyOneDueTime() {
        String message = "give exactly one of 'delay' (ISO-8601 duration, e.g. PT1H), 'delay_ms' or 'due_at'";
        assertRejected(scheduler("reminder"), request(), message);
        assertRejected(scheduler("reminder"), request("delay", "PT1H", "delay_ms", 1000), message);
        assertRejected(scheduler("reminder"), request("delay", "PT1H", "due_at", "2024-05-01T12:00:00Z"), message);
    }

    @Test
    void shouldRejectANegativeDelay() {
        assertRejected(scheduler("reminder"), request("delay", "PT-1H"), "payload field 'delay' must not be negative, was PT-1H");
        assertRejected(scheduler("reminder"), request("delay_ms", -1), "payload field 'delay_ms' must be a non-negative number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "1h", ""})
    void shouldRejectAnUnreadableDelay(String delay) {
        Envelope envelope = scheduler("reminder").run(request("delay", delay));

        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "InvalidPayload", null);
    }

    @Test
    void shouldRejectADelayBeyondTheLastInstantAsAnInvalidPayload() {
        assertRejected(scheduler("reminder"), request("delay", "PT10000000000000H"), "cannot read the job's due time");
    }

    @Test
    void shouldRejectAnUnreadableDueTime() {
        assertRejected(scheduler("reminder"), request("due_at", "tomorrow"), "cannot read the job's due time");
    }

    @Test
    void shouldRejectAJobDueBeyondTheMaximumDelay() {
        assertRejected(scheduler("reminder"), request("delay", "P31D"), "beyond the limit of PT720H");
        assertRejected(scheduler("reminder"), request("due_at", "2024-06-01T10:00:00Z"), "beyond the limit of PT720H");
    }

    @Test
    void shouldAcceptAJobDueExactlyAtTheMaximumDelay() {
        Envelope envelope = scheduler("reminder").run(request("delay", "P30D"));

        assertThat(envelope.records().get(0).field("status")).isEqualTo("scheduled");
    }

    @Test
    void shouldRejectAJobThatIsNotAnObject() {
        assertRejected(scheduler("reminder"), request("delay", "PT1H", "job", "call ada"),
                "payload field 'job' must be an object (the follow-up's payload)");
        assertRejected(scheduler("reminder"), request("delay", "PT1H", "job", List.of(1, 2)),
                "payload field 'job' must be an object");
    }

    @Test
    void shouldRejectABlankOrNonStringJobIdAndANonStringKey() {
        String message = "payload field 'job_id' must be a non-blank string of at most 200 characters";
        assertRejected(scheduler("reminder"), request("delay", "PT1H", "job_id", " "), message);
        assertRejected(scheduler("reminder"), request("delay", "PT1H", "job_id", 42), message);
        assertRejected(scheduler("reminder"), request("delay", "PT1H", "job_id", "j".repeat(201)), message);
        assertRejected(scheduler("reminder"), request("delay", "PT1H", "key", 7), "payload field 'key' must be a string");
    }

    @Test
    void shouldRejectACancellationThatNamesNoJob() {
        assertRejected(scheduler("reminder"), request("cancel", 12), "payload field 'cancel' must be a non-blank string");
    }

    @Test
    void shouldRejectASchedulerWithoutTargets() {
        assertThatThrownBy(() -> Scheduler.newBuilder("followup").build(context))
                .isInstanceOf(ConfigurationException.class).hasMessage("scheduler 'followup' needs at least one target flow");
    }

    @Test
    void shouldDescribeItsTargetsAsPartsInNameOrder() {
        assertThat(scheduler("reminder").describe().parts()).extracting(d -> d.name() + ":" + d.kind())
                .containsExactly("lead_intake:target", "reminder:target");
    }
}
