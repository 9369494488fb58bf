package dev.orchestrators.core.kinds.router;

import static dev.orchestrators.core.tool.Capability.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.testing.ManualClock;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deterministic routing: rules in order, then the classifier, then the default; never a silent drop. */
class RouterTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final FakeTool classifier = FakeTool.answering("email_classifier", READ,
            call -> Map.of("label", String.valueOf(call.argument("text")).contains("invoice") ? "billing" : "support"));
    private final FakeTool leads = FakeTool.answering("lead_store", READ, call -> Map.of("lead_id", "L-" + call.argument("from")));
    private final FakeTool tickets = FakeTool.answering("ticket_store", READ, call -> Map.of("ticket_id", "T-" + call.argument("from")));
    private final OrchestratorContext context = OrchestratorContext.newBuilder()
            .tools(InMemoryToolContainer.of(classifier, leads, tickets))
            .clock(new ManualClock(T0))
            .delays(new RecordingDelays())
            .auditStore(audit)
            .random(() -> 0.5)
            .build();

    private Coordinator leadIntake(OrchestratorContext ctx) {
        return Coordinator.newBuilder("lead_intake").capabilities(READ)
                .step(Steps.fetch("store_lead", "lead_store", p -> Map.of("from", p.get("from")), "lead_id"))
                .build(ctx);
    }

    private Coordinator supportTicket(OrchestratorContext ctx) {
        return Coordinator.newBuilder("support_ticket").capabilities(READ)
                .step(Steps.fetch("open_ticket", "ticket_store", p -> Map.of("from", p.get("from")), "ticket_id"))
                .build(ctx);
    }

    /** lead and support routes to in-process sub-flows; a pricing rule; the classifier for the rest. */
    private Router.Builder triage() {
        return Router.newBuilder("support_triage")
                .route("lead", "lead_intake")
                .route("support", "support_ticket")
                .rule("lead", p -> String.valueOf(p.get("subject")).contains("pricing"))
                .rule("support", p -> String.valueOf(p.get("subject")).contains("pricing")) // never wins: rule 1 does
                .rule("support", p -> String.valueOf(p.get("subject")).contains("broken"))
                .classifier("email_classifier", p -> Map.of("text", p.get("body")), "label")
                .subFlow("lead_intake", leadIntake(context))
                .subFlow("support_ticket", supportTicket(context));
    }

    private static Payload email(String runId, String subject, String body) {
        return new Payload(runId, Map.of("from", "ada", "subject", subject, "body", body));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> routeDetails(Envelope envelope) {
        return (Map<String, Object>) envelope.metadata().details().get("route");
    }

    private List<AuditRecord> routeAudit() {
        return audit.records().stream().filter(r -> r.kind() == AuditKind.ROUTE).toList();
    }

    @Test
    void shouldTakeTheRouteOfTheFirstMatchingRuleWithoutAskingTheClassifier() {
        // when
        Envelope envelope = triage().build(context).run(email("run-1", "pricing and broken links", "hi"));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("L-ada").hasStepsInOrder("store_lead");
        assertThat(routeDetails(envelope)).containsExactly(Map.entry("router", "support_triage"), Map.entry("matched", true),
                Map.entry("route", "lead"), Map.entry("flow", "lead_intake"), Map.entry("reason", "rule for route 'lead' matched"));
        assertThat(classifier.calls()).isEmpty();
        assertThat(tickets.calls()).isEmpty();
    }

    @Test
    void shouldTryLaterRulesWhenEarlierOnesDoNotMatch() {
        // when
        Envelope envelope = triage().build(context).run(email("run-2", "site is broken", "hi"));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("T-ada");
        assertThat(routeDetails(envelope)).containsEntry("route", "support");
        assertThat(classifier.calls()).isEmpty();
    }

    @Test
    void shouldAskTheClassifierOnlyWhenNoRuleMatches() {
        // when
        Envelope envelope = triage().build(context).run(email("run-3", "hello", "please help"));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("T-ada");
        assertThat(classifier.calls()).singleElement().satisfies(call -> {
            assertThat(call.arguments()).isEqualTo(Map.of("text", "please help"));
            assertThat(call.orchestrator()).isEqualTo("support_triage");
            assertThat(call.step()).isEqualTo("route");
        });
        assertThat(routeDetails(envelope)).containsEntry("route", "support")
                .containsEntry("reason", "classifier 'email_classifier' said 'support'");
    }

    @Test
    void shouldTakeTheDefaultRouteWhenTheClassifierNamesNoRoute() {
        // given
        Router router = triage().otherwise("support").build(context);

        // when
        Envelope envelope = router.run(email("run-4", "hello", "your invoice"));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("T-ada");
        assertThat(routeDetails(envelope)).containsEntry("route", "support").containsEntry("reason",
                "classifier 'email_classifier' said 'billing', which is not a route; default route 'support'");
    }

    @Test
    void shouldFailWithNoRouteListingTheRoutesWhenTheClassifierNamesNoRouteAndThereIsNoDefault() {
        // when
        Envelope envelope = triage().build(context).run(email("run-5", "hello", "your invoice"));

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "NoRoute", "route").hasRecordKeys();
        assertThat(envelope.metadata().error().message()).isEqualTo("router 'support_triage' has no route for this request "
                + "(classifier 'email_classifier' said 'billing', which is not a route); its routes: [lead, support]");
        assertThat(routeDetails(envelope)).containsExactly(Map.entry("router", "support_triage"), Map.entry("matched", false),
                Map.entry("reason", "classifier 'email_classifier' said 'billing', which is not a route"));
        assertThat(leads.calls()).isEmpty();
        assertThat(tickets.calls()).isEmpty();
    }

    @Test
    void shouldFailWithNoRouteWhenNoRuleMatchesAndThereIsNeitherClassifierNorDefault() {
        // given
        Router router = Router.newBuilder("triage").route("lead", "lead_intake")
                .rule("lead", p -> false).subFlow("lead_intake", leadIntake(context)).build(context);

        // when
        Envelope envelope = router.run(email("run-6", "hello", "hi"));

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "NoRoute", "route");
        assertThat(envelope.metadata().error().message()).contains("(no rule matched)").endsWith("its routes: [lead]");
        assertThat(routeDetails(envelope)).containsEntry("matched", false).containsEntry("reason", "no rule matched");
    }

    @Test
    void shouldFailWithRouteRuleFailedWhenARuleThrows() {
        // given
        Router router = Router.newBuilder("triage").route("lead", "lead_intake")
                .rule("lead", p -> {
                    throw new IllegalStateException("no subject");
                }).subFlow("lead_intake", leadIntake(context)).build(context);

        // when
        Envelope envelope = router.run(email("run-7", "hello", "hi"));

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "RouteRuleFailed", "route");
        assertThat(envelope.metadata().error().message()).startsWith("rule for route 'lead' of router 'triage' threw: ")
                .contains("no subject");
        assertThat(leads.calls()).isEmpty();
        assertThat(routeAudit()).isEmpty();
    }

    @Test
    void shouldNotEvaluateRulesAfterTheOneThatMatches() {
        // given
        Router router = triage().rule("support", p -> {
            throw new IllegalStateException("never evaluated");
        }).build(context);

        // when
        Envelope envelope = router.run(email("run-8", "pricing", "hi"));

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("L-ada");
    }

    @Test
    void shouldFailAtTheRouteStepWithoutADecisionWhenTheClassifierFails() {
        // given
        classifier.failPermanently();

        // when
        Envelope envelope = triage().otherwise("support").build(context).run(email("run-13", "hello", "hi"));

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "BadRequest", "route");
        assertThat(routeAudit()).isEmpty();
        assertThat(tickets.calls()).isEmpty();
    }

    @Test
    void shouldAuditEveryDecisionAsOneRouteEntry() {
        // given
        Router router = triage().build(context);

        // when
        router.run(email("run-9", "pricing", "hi"));
        router.run(email("run-10", "hello", "your invoice"));

        // then
        assertThat(routeAudit()).hasSize(2);
        assertThat(routeAudit().get(0)).satisfies(entry -> {
            assertThat(entry.runId()).isEqualTo("run-9");
            assertThat(entry.flow()).isEqualTo("support_triage");
            assertThat(entry.orchestrator()).isEqualTo("support_triage");
            assertThat(entry.subject()).isEqualTo("route");
            assertThat(entry.at()).isEqualTo(T0);
            assertThat(entry.details()).containsEntry("route", "lead").containsEntry("flow", "lead_intake");
        });
        assertThat(routeAudit().get(1).details()).containsEntry("matched", false).doesNotContainKey("route");
    }

    @Test
    void shouldRejectARouterWithoutRoutes() {
        assertThatThrownBy(() -> Router.newBuilder("triage").build(context))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("router 'triage' needs at least one route");
    }

    @Test
    void shouldRejectARuleOrDefaultNamingAnUndeclaredRoute() {
        assertThatThrownBy(() -> Router.newBuilder("triage").route("lead", "lead_intake").rule("spam", p -> true).build(context))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("router 'triage': a rule names route 'spam', which is not declared; routes: [lead]");
        assertThatThrownBy(() -> Router.newBuilder("triage").route("lead", "lead_intake").otherwise("spam").build(context))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("router 'triage': otherwise(...) names route 'spam', which is not declared; routes: [lead]");
    }

    @Test
    void shouldRejectARouteDeclaredTwice() {
        Router.Builder builder = Router.newBuilder("triage").route("lead", "lead_intake");

        assertThatThrownBy(() -> builder.route("lead", "other_flow"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("router 'triage' declares route 'lead' twice");
    }
}
