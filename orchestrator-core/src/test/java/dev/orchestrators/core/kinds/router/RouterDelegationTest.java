package dev.orchestrators.core.kinds.router;

import static dev.orchestrators.core.tool.Capability.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.envelope.StepRun.StepStatus;
import dev.orchestrators.core.envelope.StepRun;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.kinds.validator.Validator;
import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.RunOutcome;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.queue.InMemoryQueue;
import dev.orchestrators.core.queue.Job;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.core.runtime.Worker;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.testing.ManualClock;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Where the routed request runs: a sub-flow in process, the runtime (hand-off), a coordinator, a worker. */
class RouterDelegationTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final FakeTool classifier = FakeTool.returning("email_classifier", READ, Map.of("label", "support"));
    private final FakeTool tickets = FakeTool.answering("ticket_store", READ,
            call -> Map.of("ticket_id", "T-" + call.argument("from"), "queue", "tier1"));
    private final OrchestratorContext context = OrchestratorContext.newBuilder()
            .tools(InMemoryToolContainer.of(classifier, tickets))
            .clock(new ManualClock(T0))
            .delays(new RecordingDelays())
            .auditStore(audit)
            .random(() -> 0.5)
            .build();
    private final Payload request = new Payload("run-1", Map.of("from", "ada", "body", "help"));

    private static Coordinator supportTicket(OrchestratorContext ctx) {
        return Coordinator.newBuilder("support_ticket").capabilities(READ)
                .step(Steps.fetch("open_ticket", "ticket_store", p -> Map.of("from", p.get("from")), "ticket_id"))
                .step(Steps.of("tag", (step, input) -> CompletableFuture.completedFuture(
                        StepOutcome.proceed(input).withDetail("ticket", Map.of("queue", "tier1")))))
                .build(ctx);
    }

    private static Router.Builder triage() {
        return Router.newBuilder("support_triage")
                .route("lead", "lead_intake")
                .route("support", "support_ticket")
                .rule("lead", p -> "pricing".equals(p.get("subject")))
                .classifier("email_classifier", p -> Map.of("text", p.get("body")), "label");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> routeDetails(Envelope envelope) {
        return (Map<String, Object>) envelope.metadata().details().get("route");
    }

    @Test
    void shouldAnswerWithTheSubFlowsEnvelopeAndTheDecisionInDetailsAsOnKafka() {
        // given
        Router router = triage().subFlow("support_ticket", supportTicket(context)).build(context);

        // when
        Envelope envelope = router.run(request);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("T-ada")
                .everyRecordLastTouchedBy("support_ticket", "open_ticket", "produced");
        assertThat(envelope.metadata().orchestrator()).isEqualTo("support_ticket");
        assertThat(envelope.metadata().flow()).isEqualTo("support_ticket");
        assertThat(envelope.metadata().details()).containsEntry("ticket", Map.of("queue", "tier1"));
        assertThat(routeDetails(envelope)).containsEntry("route", "support").containsEntry("flow", "support_ticket");
        assertThat(envelope.metadata().steps()).extracting(StepRun::name, StepRun::status)
                .containsExactly(tuple("open_ticket", StepStatus.OK), tuple("tag", StepStatus.OK));
    }

    @Test
    void shouldRunTheSubFlowUnderItsOwnFlowNameAndAuditItsEnvelope() {
        // given
        Router router = triage().subFlow("support_ticket", supportTicket(context)).build(context);

        // when
        router.run(request);

        // then
        // the sub-flow's own entry, then the answer with the decision, under the same audit key (compaction keeps the answer)
        assertThat(audit.envelopes()).extracting(r -> r.envelope().metadata().flow(), r -> r.envelope().metadata().orchestrator(),
                        AuditRecord::key)
                .containsExactly(tuple("support_ticket", "support_ticket", "run-1/support_ticket"),
                        tuple("support_ticket", "support_ticket", "run-1/support_ticket"));
        assertThat(audit.envelopes().get(1).envelope().metadata().details()).containsKey("route");
    }

    @Test
    void shouldEndWithTheSubFlowsStatusAndReasonWhenItHalts() {
        // given
        Validator closed = Validator.newBuilder("support_ticket").rule("office_hours", p -> Optional.of("closed")).build(context);
        Router router = triage().subFlow("support_ticket", closed).build(context);

        // when
        Envelope envelope = router.run(request);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.BLOCKED);
        assertThat(envelope.metadata().blocked()).isTrue();
        assertThat(envelope.metadata().reason()).isEqualTo("blocked by rule 'office_hours': closed");
        assertThat(routeDetails(envelope)).containsEntry("route", "support");
    }

    @Test
    void shouldFailWithTheSubFlowsErrorTypeClassAndStepWhenTheSubFlowFails() {
        // given
        tickets.failPermanently();
        Router router = triage().subFlow("support_ticket", supportTicket(context)).build(context);

        // when
        Envelope envelope = router.run(request);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "BadRequest", "open_ticket").hasRecordKeys();
        assertThat(envelope.metadata().orchestrator()).isEqualTo("support_ticket");
        assertThat(envelope.metadata().error().message()).contains("fake ticket_store rejected the call");
        assertThat(routeDetails(envelope)).containsEntry("route", "support");
        assertThat(envelope.metadata().error().retryable()).isFalse();
    }

    @Test
    void shouldKeepTheDecisionInDetailsWhenTheSubFlowFails() {
        // given
        tickets.failPermanently();
        Router router = triage().subFlow("support_ticket", supportTicket(context)).build(context);

        // when
        Envelope envelope = router.run(request);

        // then
        assertThat(routeDetails(envelope)).containsEntry("route", "support").containsEntry("flow", "support_ticket");
    }

    @Test
    void shouldFailWithAConfigurationErrorWhenTheChosenSubFlowIsNotAvailableInProcess() {
        // when
        Envelope envelope = triage().build(context).run(request);

        // then
        EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "ConfigurationException", "support_ticket");
        assertThat(envelope.metadata().error().message()).contains("routed to 'support_ticket'")
                .contains("subFlow(...)").contains("Worker");
    }

    @Test
    void shouldHandOffWithTheDecisionAndNeitherRunTheSubFlowNorAuditAnEnvelope() {
        // given
        Router router = triage().subFlow("support_ticket", supportTicket(context)).build(context);

        // when
        RunOutcome outcome = router.attempt(request, ExecutionOptions.defaults().withHandOff()).toCompletableFuture().join();

        // then
        assertThat(outcome).isEqualTo(new RunOutcome.Routed(new RouteDecision("support_triage", "support", "support_ticket",
                "classifier 'email_classifier' said 'support'")));
        assertThat(tickets.calls()).isEmpty();
        assertThat(audit.envelopes()).isEmpty();
        assertThat(audit.records()).extracting(r -> r.kind()).containsExactly(AuditKind.ROUTE);
    }

    @Test
    void shouldDescribeItsRoutesAsPartsAndItsClassifierAsItsTool() {
        // given
        Router router = triage().subFlow("support_ticket", supportTicket(context)).build(context);

        // when
        Description description = router.describe();

        // then
        assertThat(description.kind()).isEqualTo("router");
        assertThat(description.capabilities()).containsExactly(READ);
        assertThat(description.tools()).containsExactly("email_classifier");
        assertThat(description.parts()).extracting(Description::name, Description::kind).containsExactlyInAnyOrder(
                tuple("lead_intake", "sub_flow"),
                tuple("support_ticket", "coordinator"));
        assertThat(description.allTools()).containsExactly("email_classifier", "ticket_store");
        assertThat(router.subFlowNames()).isEqualTo(Set.of("lead_intake", "support_ticket"));
    }

    @Test
    void shouldDescribeItsRoutesInDeclarationOrder() {
        // given
        Router.Builder builder = Router.newBuilder("many");
        List<String> flows = List.of("f_zeta", "f_alpha", "f_mu", "f_beta", "f_omega", "f_kappa", "f_eta");
        flows.forEach(flow -> builder.route("r_" + flow, flow));

        // when
        Description description = builder.build(context).describe();

        // then
        assertThat(description.parts()).extracting(Description::name).containsExactlyElementsOf(flows);
    }

    @Test
    void shouldDelegateInProcessWhenNestedAsAStepOfACoordinator() {
        // given
        Router router = triage().subFlow("support_ticket", supportTicket(context)).build(context);
        Coordinator inbox = Coordinator.newBuilder("inbox").step(router).build(context);

        // when
        Envelope envelope = inbox.run(request);

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("T-ada");
        assertThat(routeDetails(envelope)).containsEntry("route", "support");
        assertThat(envelope.metadata().steps()).containsExactly(
                new StepRun("support_triage", "support_triage", StepStatus.OK, 1, 0));
        assertThat(audit.records()).filteredOn(r -> r.kind() == AuditKind.ROUTE).singleElement()
                .satisfies(entry -> assertThat(entry.flow()).isEqualTo("inbox"));
    }

    @Test
    void shouldFindTheSubFlowThroughTheWorkersRegistry() {
        // given
        Registry registry = Registry.newBuilder()
                .register("support_triage", ctx -> triage().build(ctx))
                .register("support_ticket", RouterDelegationTest::supportTicket)
                .build();
        InMemoryQueue queue = new InMemoryQueue();
        queue.enqueue(new Job("support_triage", request, T0));
        Worker worker = new Worker(registry, queue, context);

        // when
        Envelope envelope = worker.runOnce().orElseThrow();

        // then
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasRecordKeys("T-ada");
        assertThat(envelope.metadata().flow()).isEqualTo("support_ticket");
        assertThat(routeDetails(envelope)).containsEntry("flow", "support_ticket");
        assertThat(tickets.calls()).singleElement().satisfies(call -> assertThat(call.orchestrator()).isEqualTo("support_ticket"));
    }
}
