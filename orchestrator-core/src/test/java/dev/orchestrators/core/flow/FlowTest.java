package dev.orchestrators.core.flow;

import static dev.orchestrators.core.tool.Capability.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.OrchestratorFactory;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.ToolContainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A named flow: its orchestrator, its own tools (or the context's), and a name that can prefix topics. */
class FlowTest {
    private final FakeTool contextCrm = FakeTool.returning("crm", READ, Map.of("lead_id", "from-context"));
    private final FakeTool ownCrm = FakeTool.returning("crm", READ, Map.of("lead_id", "from-flow"));
    private final OrchestratorContext context = OrchestratorContext.newBuilder().tools(InMemoryToolContainer.of(contextCrm)).build();
    private final List<OrchestratorContext> seen = new ArrayList<>();

    private final OrchestratorFactory leadSync = ctx -> {
        seen.add(ctx);
        return Coordinator.newBuilder("lead_sync").capabilities(READ)
                .step(Steps.fetch("fetch_lead", "crm", p -> Map.of(), "lead_id")).build(ctx);
    };

    @Test
    void shouldCreateTheOrchestratorWithTheFlowsOwnToolsOverTheContexts() {
        // given
        Flow flow = Flow.newBuilder("lead_sync").tools(InMemoryToolContainer.of(ownCrm)).orchestrator(leadSync).build();

        // when
        Envelope envelope = flow.create(context).run(new Payload("run-1", Map.of()));

        // then
        assertThat(envelope.records()).extracting(r -> r.key()).containsExactly("from-flow");
        assertThat(ownCrm.callCount()).isEqualTo(1);
        assertThat(contextCrm.calls()).isEmpty();
        assertThat(seen).singleElement().satisfies(ctx -> {
            assertThat(ctx.tools().find("crm")).containsSame(ownCrm);
            assertThat(ctx.auditStore()).isSameAs(context.auditStore());
            assertThat(ctx.clock()).isSameAs(context.clock());
        });
    }

    @Test
    void shouldCreateTheOrchestratorWithTheContextsToolsWhenItHasNoneOfItsOwn() {
        // given
        Flow flow = Flow.of("lead_sync", leadSync);

        // when
        Orchestrator orchestrator = flow.create(context);
        orchestrator.run(new Payload("run-1", Map.of()));

        // then
        assertThat(flow.tools()).isEmpty();
        assertThat(flow.contextFor(context)).isSameAs(context);
        assertThat(contextCrm.callCount()).isEqualTo(1);
        assertThat(seen).containsExactly(context);
    }

    @Test
    void shouldCheckTheCompositionAgainstTheFlowsOwnTools() {
        // given: the context has crm, the flow's own tools do not
        Flow flow = Flow.newBuilder("lead_sync").tools(InMemoryToolContainer.of(FakeTool.returning("other", READ, Map.of())))
                .orchestrator(leadSync).build();

        // when / then
        assertThatThrownBy(() -> flow.create(context)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("uses tool 'crm', which the flow does not have; its tools: [other]");
    }

    @Test
    void shouldKeepEverythingButTheToolsWhenGivenNewTools() {
        // given
        Flow flow = Flow.newBuilder("lead_sync").description("fetch a lead").sideEffectsNeedValidation()
                .orchestrator(leadSync).build();
        ToolContainer tools = InMemoryToolContainer.of(ownCrm);

        // when
        Flow withTools = flow.withTools(tools);
        withTools.create(context).run(new Payload("run-1", Map.of()));

        // then
        assertThat(withTools.name()).isEqualTo("lead_sync");
        assertThat(withTools.description()).isEqualTo("fetch a lead");
        assertThat(withTools.sideEffectsNeedValidation()).isTrue();
        assertThat(withTools.tools()).containsSame(tools);
        assertThat(flow.tools()).as("the original flow is unchanged").isEmpty();
        assertThat(ownCrm.callCount()).isEqualTo(1);
    }

    @Test
    void shouldDescribeItselfWithAnEmptyDescriptionByDefault() {
        // when
        Flow flow = Flow.of("lead-sync_2", leadSync);

        // then
        assertThat(flow.name()).isEqualTo("lead-sync_2");
        assertThat(flow.description()).isEmpty();
        assertThat(flow.sideEffectsNeedValidation()).isFalse();
        assertThat(flow).hasToString("Flow[lead-sync_2]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lead sync", "lead.sync", "lead/sync", "léad"})
    void shouldRejectANameThatCannotPrefixATopic(String name) {
        assertThatThrownBy(() -> Flow.newBuilder(name)).isInstanceOf(ConfigurationException.class)
                .hasMessage("flow name '" + name + "' must be letters, digits, '_' or '-' (it prefixes topic names)");
    }

    @Test
    void shouldRejectANullName() {
        assertThatThrownBy(() -> Flow.newBuilder(null)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("flow name 'null'");
    }

    @Test
    void shouldRejectAFlowWithoutAnOrchestrator() {
        assertThatThrownBy(() -> Flow.newBuilder("lead_sync").build()).isInstanceOf(ConfigurationException.class)
                .hasMessage("flow 'lead_sync' needs an orchestrator");
    }
}
