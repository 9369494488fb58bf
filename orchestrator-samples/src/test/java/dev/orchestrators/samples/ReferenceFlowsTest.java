package dev.orchestrators.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.queue.InMemoryJobScheduler;
import dev.orchestrators.core.queue.InMemoryQueue;
import dev.orchestrators.core.queue.Job;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.core.runtime.Worker;
import dev.orchestrators.core.time.ManualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The reference flows, run in process through a Worker, as a user would try them before deploying. */
class ReferenceFlowsTest {
    private final SampleEnvironment env = SampleEnvironment.immediate();
    private final ManualTime time = ManualTime.startingAt(Instant.parse("2026-01-01T09:00:00Z"));
    private final InMemoryQueue queue = new InMemoryQueue();
    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final Registry registry = Registry.newBuilder()
            .registerAll(registryOf(SampleFlows.all(env)))
            .build();
    private final Worker worker = new Worker(registry, queue, OrchestratorContext.newBuilder()
            .time(time)
            .delays(backOff -> CompletableFuture.completedFuture(null)) // runs block in runOnce(): skip back-offs
            .auditStore(audit).jobs(new InMemoryJobScheduler(time, time, queue)).build());

    private static Registry registryOf(List<dev.orchestrators.core.flow.Flow> flows) {
        Registry.Builder b = Registry.newBuilder();
        flows.forEach(b::register);
        return b.build();
    }

    private Envelope run(String flow, Map<String, Object> payload) {
        queue.enqueue(new Job(flow, Payload.of(payload), time.instant()));
        return worker.runOnce().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(Envelope envelope, String key) {
        return (Map<String, Object>) envelope.metadata().details().get(key);
    }

    @Test
    void shouldRouteAPricingQuestionToLeadIntakeAndReturnItsEnvelope() {
        // when
        Envelope envelope = run(SupportTriageSample.FLOW, Map.of("from", "ada.lovelace@acme.example",
                "subject", "Pricing for 40 seats", "body", "Could you send a quote?"));

        // then
        assertThat(envelope.status()).isEqualTo(RunStatus.OK);
        assertThat(detail(envelope, "route")).containsEntry("route", "lead").containsEntry("flow", "lead_intake");
        assertThat(envelope.records()).singleElement().satisfies(lead -> {
            assertThat(lead.field("email")).isEqualTo("ada.lovelace@acme.example");
            assertThat(lead.field("name")).isEqualTo("Ada Lovelace");
            assertThat(lead.field("company_name")).isEqualTo("Acme Inc.");
        });
        assertThat(audit.records()).anySatisfy(r -> assertThat(r.kind()).isEqualTo(AuditKind.ROUTE));
    }

    @Test
    void shouldAskTheClassifierWhenNoRuleMatchesAndOpenATicketForSupport() {
        // when
        Envelope envelope = run(SupportTriageSample.FLOW, Map.of("from", "grace@globex.example",
                "subject", "Cannot log in", "body", "My password reset link does nothing"));

        // then
        assertThat(detail(envelope, "route")).containsEntry("route", "support");
        assertThat(String.valueOf(detail(envelope, "route").get("reason"))).contains("classifier");
        assertThat(envelope.records()).extracting(r -> r.key()).contains("open_ticket");
        assertThat(env.systems().tickets()).hasSize(1);
    }

    @Test
    void shouldBlockASenderFromABlockedDomainBeforeOpeningATicket() {
        // when
        Envelope envelope = run(SupportTriageSample.FLOW, Map.of("from", "x@spam.example", "subject", "broken", "body", ""));

        // then
        assertThat(envelope.status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(envelope.metadata().reason()).contains("spam.example");
        assertThat(env.systems().tickets()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldUndoTheFirstTwoStepsWhenTheMailboxCannotBeCreated() {
        // when
        Envelope envelope = run(AccountProvisioningSample.FLOW, Map.of("account_id", "A-7", "email", "a7@acme.example",
                "plan", "legacy"));

        // then
        assertThat(envelope.status()).isEqualTo(RunStatus.FAILED);
        assertThat(envelope.metadata().error().type()).isEqualTo("PlanUnsupported");
        assertThat(envelope.metadata().error().step()).isEqualTo("create_mailbox");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) detail(envelope, "saga").get("steps");
        assertThat(steps).extracting(s -> s.get("step"), s -> s.get("status")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("create_crm_record", "undone"),
                org.assertj.core.groups.Tuple.tuple("grant_access", "undone"),
                org.assertj.core.groups.Tuple.tuple("create_mailbox", "failed"));
        assertThat(env.systems().crmRecords()).isEmpty();
        assertThat(env.systems().accessGrants()).isEmpty();
        assertThat(audit.records()).filteredOn(r -> r.kind() == AuditKind.COMPENSATION)
                .extracting(r -> r.subject()).containsExactly("grant_access", "create_crm_record");
    }

    @Test
    void shouldProvisionAnAccountWhenEveryStepSucceeds() {
        // when
        Envelope envelope = run(AccountProvisioningSample.FLOW, Map.of("account_id", "A-8", "email", "a8@acme.example",
                "plan", "team"));

        // then
        assertThat(envelope.status()).isEqualTo(RunStatus.OK);
        assertThat(envelope.records()).extracting(r -> r.key()).containsExactly("create_crm_record", "grant_access", "create_mailbox");
        assertThat(env.systems().crmRecords()).hasSize(1);
        assertThat(env.systems().mailboxes()).containsKey("a-8@mail.example");
    }

    @Test
    void shouldEmitAReminderToLeadSyncOnlyWhenItIsDue() {
        // given
        Envelope scheduled = run(FollowupReminderSample.FLOW, Map.of("delay", "PT1H", "key", "L-42",
                "job", Map.of("lead_id", "L-42")));
        assertThat(detail(scheduled, "job")).containsEntry("target", "lead_sync").containsEntry("status", "scheduled")
                .containsEntry("due_at", "2026-01-01T10:00:00Z");

        // when
        time.advance(Duration.ofMinutes(59));
        Optional<Job> early = queue.poll();
        time.advance(Duration.ofMinutes(1));

        // then
        assertThat(early).isEmpty();
        Job due = queue.poll().orElseThrow();
        assertThat(due.flow()).isEqualTo("lead_sync");
        assertThat(due.payload().data()).containsEntry("lead_id", "L-42");
        assertThat(due.payload().runId()).isEqualTo(detail(scheduled, "job").get("job_id"));
    }

    @Test
    void shouldCancelAReminderByItsJobId() {
        // given
        Envelope scheduled = run(FollowupReminderSample.FLOW, Map.of("delay", "PT2H", "job", Map.of("lead_id", "L-9")));

        // when
        Envelope cancelled = run(FollowupReminderSample.FLOW, Map.of("cancel", detail(scheduled, "job").get("job_id")));
        time.advance(Duration.ofHours(3));

        // then
        assertThat(detail(cancelled, "job")).containsEntry("status", "cancelled");
        assertThat(queue.poll()).isEmpty();
    }

    @Test
    void shouldMergeThreeSourcesByDomainAndMarkTheEnvelopePartialWhenOneIsDown() {
        // when
        Envelope whole = run(CompanySearchSample.FLOW, Map.of("query", "acme"));
        Envelope partial = run(CompanySearchSample.FLOW, Map.of("query", "acme outage"));

        // then
        assertThat(whole.status()).isEqualTo(RunStatus.OK);
        assertThat(whole.records()).filteredOn(r -> r.key().equals("acme.example")).singleElement()
                .satisfies(r -> assertThat(r.provenance()).extracting(p -> p.step()).contains("database", "external"));
        assertThat(partial.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(partial.metadata().partial()).isTrue();
        assertThat(detail(partial, "sources")).containsKey("external");
        assertThat(partial.metadata().reason()).contains("external");
    }
}
