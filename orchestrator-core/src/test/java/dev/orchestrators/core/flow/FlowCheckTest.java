package dev.orchestrators.core.flow;

import static dev.orchestrators.core.tool.Capability.READ;
import static dev.orchestrators.core.tool.Capability.SEND;
import static dev.orchestrators.core.tool.Capability.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.kinds.delivery.DeliveryOrchestrator;
import dev.orchestrators.core.kinds.executor.Executor;
import dev.orchestrators.core.kinds.saga.Saga;
import dev.orchestrators.core.kinds.validator.Validator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.OrchestratorFactory;
import dev.orchestrators.core.orchestrator.Step;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A flow's composition is checked when it is created: tools exist, fit their capabilities, and are sandboxed. */
class FlowCheckTest {
    private final FakeTool crm = FakeTool.returning("crm", READ, Map.of("lead_id", "L-1"));
    private final FakeTool crmWrite = FakeTool.returning("crm_write", WRITE, Map.of("id", "crm-1"));
    private final FakeTool crmDelete = FakeTool.returning("crm_delete", WRITE, Map.of());
    private final FakeTool mailer = FakeTool.returning("send_email", SEND, Map.of("delivery_id", "d-1"));
    private final OrchestratorContext context = OrchestratorContext.newBuilder()
            .tools(InMemoryToolContainer.of(crm, crmWrite, crmDelete, mailer)).build();

    private static Step fetch(String name, String tool) {
        return Steps.fetch(name, tool, p -> Map.of(), "lead_id");
    }

    private static Validator screening(OrchestratorContext ctx) {
        return Validator.newBuilder("screening").rule("consent", p -> Optional.empty()).build(ctx);
    }

    private static Executor guardedCreate(OrchestratorContext ctx) {
        return Executor.newBuilder("crm_write").name("create_lead").requireValidatedInput().build(ctx);
    }

    private void assertStarts(Flow flow) {
        assertThatCode(() -> flow.create(context)).doesNotThrowAnyException();
    }

    private void assertFailsToStart(Flow flow, String... problems) {
        assertThatThrownBy(() -> flow.create(context)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("flow '" + flow.name() + "' cannot start:\n  - ")
                .hasMessageContaining(String.join("\n  - ", problems));
    }

    private static Flow flow(OrchestratorFactory factory) {
        return Flow.of("lead_sync", factory);
    }

    @Test
    void shouldListEveryMissingToolWithTheFlowsTools() {
        // given
        Flow flow = Flow.newBuilder("lead_sync").tools(InMemoryToolContainer.of(crm))
                .orchestrator(ctx -> Coordinator.newBuilder("lead_sync").capabilities(READ)
                        .step(fetch("fetch_lead", "crm"))
                        .step(fetch("fetch_company", "company_db"))
                        .step(fetch("fetch_owner", "owner_db"))
                        .build(ctx))
                .build();

        // when / then
        assertFailsToStart(flow,
                "step 'fetch_company' uses tool 'company_db', which the flow does not have; its tools: [crm]",
                "step 'fetch_owner' uses tool 'owner_db', which the flow does not have; its tools: [crm]");
    }

    @Test
    void shouldRefuseAnExecutorCallingASendToolWithoutDeclaringSend() {
        // given
        Flow flow = flow(ctx -> Coordinator.newBuilder("notify").step(Executor.newBuilder("send_email").build(ctx)).build(ctx));

        // when / then
        assertFailsToStart(flow, "executor 'send_email' calls tool 'send_email', which needs capability SEND, but executor "
                + "'send_email' declares only [WRITE]; grant it with capabilities(...) or use another tool");
        assertStarts(flow(ctx -> Coordinator.newBuilder("notify")
                .step(Executor.newBuilder("send_email").capabilities(SEND).build(ctx)).build(ctx)));
    }

    @Test
    void shouldRefuseAPlainStepCallingAToolItsOwnerMayNotUse() {
        // given
        Flow flow = flow(ctx -> Coordinator.newBuilder("lead_sync").capabilities(READ)
                .step(fetch("fetch_lead", "crm")).step(fetch("overwrite_lead", "crm_write")).build(ctx));

        // when / then
        assertFailsToStart(flow, "step 'overwrite_lead' calls tool 'crm_write', which needs capability WRITE, but "
                + "coordinator 'lead_sync' declares only [READ]; grant it with capabilities(...) or use another tool");
    }

    @Test
    void shouldRefuseACompensatorTheExecutorMayNotCall() {
        // given
        Flow flow = flow(ctx -> Executor.newBuilder("crm_write").compensator("send_email").build(ctx));

        // when / then
        assertFailsToStart(flow, "executor 'crm_write' calls tool 'send_email', which needs capability SEND");
    }

    @Test
    void shouldRefuseASideEffectThatNeedsValidatedInputWithoutAValidatorInFront() {
        // given
        Flow flow = flow(ctx -> Coordinator.newBuilder("lead_sync").capabilities(READ)
                .step(fetch("fetch_lead", "crm")).step(guardedCreate(ctx)).build(ctx));

        // when / then
        assertFailsToStart(flow, "executor 'create_lead' may [WRITE] and is declared to need validated input, "
                + "but no Validator runs before it; put a Validator step in front of it");
    }

    @Test
    void shouldStartASideEffectThatNeedsValidatedInputWithAValidatorInFront() {
        assertStarts(flow(ctx -> Coordinator.newBuilder("lead_sync").capabilities(READ)
                .step(screening(ctx)).step(fetch("fetch_lead", "crm")).step(guardedCreate(ctx)).build(ctx)));
    }

    @Test
    void shouldNotCountAValidatorThatRunsAfterTheSideEffect() {
        // given
        Flow flow = flow(ctx -> Coordinator.newBuilder("lead_sync").step(guardedCreate(ctx)).step(screening(ctx)).build(ctx));

        // when / then
        assertFailsToStart(flow, "executor 'create_lead' may [WRITE]");
    }

    @Test
    void shouldRefuseAGuardedCoordinatorWhosePlainStepWritesBeforeItsValidator() {
        // given: the coordinator's own WRITE call (its plain step) runs before the validator
        Flow flow = flow(ctx -> Coordinator.newBuilder("lead_sync").capabilities(READ, WRITE).requireValidatedInput()
                .step(fetch("overwrite_lead", "crm_write")).step(screening(ctx)).build(ctx));

        // when / then
        assertFailsToStart(flow, "may [WRITE] and is declared to need validated input");
    }

    @Test
    void shouldRequireAValidatorBeforeEverySideEffectWhenTheFlowSaysSo() {
        // given
        Flow flow = Flow.newBuilder("lead_sync").sideEffectsNeedValidation()
                .orchestrator(ctx -> Coordinator.newBuilder("lead_sync").capabilities(READ)
                        .step(fetch("fetch_lead", "crm"))
                        .step(DeliveryOrchestrator.newBuilder("send_email").build(ctx))
                        .build(ctx))
                .build();

        // when / then
        assertFailsToStart(flow, "delivery 'delivery' may [SEND] and is declared to need validated input, "
                + "but no Validator runs before it; put a Validator step in front of it");
        assertThat(flow.sideEffectsNeedValidation()).isTrue();
    }

    @Test
    void shouldNotRequireAValidatorBeforeReadOnlyStepsWhenTheFlowSaysSo() {
        assertStarts(Flow.newBuilder("lead_sync").sideEffectsNeedValidation()
                .orchestrator(ctx -> Coordinator.newBuilder("lead_sync").capabilities(READ)
                        .step(fetch("fetch_lead", "crm")).build(ctx))
                .build());
    }

    @Test
    void shouldLetASagasOwnValidatorCoverItsStepsAndCompensators() {
        // given
        OrchestratorFactory guarded = ctx -> Saga.newBuilder("provisioning").validateWith(screening(ctx))
                .step(Executor.newBuilder("crm_write").compensator("crm_delete").build(ctx)).build(ctx);
        OrchestratorFactory unguarded = ctx -> Saga.newBuilder("provisioning")
                .step(Executor.newBuilder("crm_write").compensator("crm_delete").build(ctx)).build(ctx);

        // when / then
        assertStarts(Flow.newBuilder("provisioning").sideEffectsNeedValidation().orchestrator(guarded).build());
        assertThatThrownBy(() -> Flow.newBuilder("provisioning").sideEffectsNeedValidation().orchestrator(unguarded).build()
                .create(context))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("executor 'crm_write' may [WRITE]")
                .hasMessageContaining("saga 'provisioning' may [WRITE]");
    }

    @Test
    void shouldLetAValidatorBeforeANestedSagaCoverIt() {
        assertStarts(Flow.newBuilder("onboarding").sideEffectsNeedValidation()
                .orchestrator(ctx -> Coordinator.newBuilder("onboarding").step(screening(ctx))
                        .step(Saga.newBuilder("provisioning")
                                .step(Executor.newBuilder("crm_write").compensator("crm_delete").build(ctx)).build(ctx))
                        .build(ctx))
                .build());
    }

    @Test
    void shouldCheckThroughTheStaticEntryPointWithoutCreatingTheFlow() {
        // given
        Flow flow = flow(ctx -> {
            throw new AssertionError("FlowCheck.check does not create the orchestrator");
        });
        Coordinator coordinator = Coordinator.newBuilder("lead_sync").step(guardedCreate(context)).build(context);

        // when / then
        assertThatThrownBy(() -> FlowCheck.check(flow, coordinator.describe(), context.tools()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("put a Validator step in front of it");
    }
}
