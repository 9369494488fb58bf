package dev.orchestrators.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.UnknownNameException;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names to orchestrator factories. */
class RegistryTest {
    private final OrchestratorContext context = OrchestratorContext.newBuilder().build();

    private static Orchestrator leadSync(OrchestratorContext ctx) {
        return Coordinator.newBuilder("lead_sync")
                .step(Steps.of("noop", (step, input) -> CompletableFuture.completedFuture(StepOutcome.proceed(input))))
                .build(ctx);
    }

    @Test
    void shouldCreateTheOrchestratorRegisteredUnderAName() {
        // given
        List<OrchestratorContext> seen = new ArrayList<>();
        Registry registry = Registry.newBuilder()
                .register("lead_sync", ctx -> {
                    seen.add(ctx);
                    return leadSync(ctx);
                })
                .build();

        // when
        Orchestrator orchestrator = registry.create("lead_sync", context);

        // then
        assertThat(orchestrator.name()).isEqualTo("lead_sync");
        assertThat(seen).containsExactly(context);
        assertThat(registry.contains("lead_sync")).isTrue();
        assertThat(registry.contains("support_email")).isFalse();
    }

    @Test
    void shouldListNamesInRegistrationOrder() {
        // when
        Registry registry = Registry.newBuilder()
                .register("zeta", RegistryTest::leadSync)
                .register("alpha", RegistryTest::leadSync)
                .register("lead-sync_2", RegistryTest::leadSync)
                .build();

        // then
        assertThat(registry.names()).containsExactly("zeta", "alpha", "lead-sync_2");
    }

    @Test
    void shouldRejectAnUnknownNameListingTheKnownNames() {
        // given
        Registry registry = Registry.newBuilder()
                .register("lead_sync", RegistryTest::leadSync)
                .register("alpha", RegistryTest::leadSync)
                .build();

        // when / then
        assertThatThrownBy(() -> registry.create("lead_synk", context))
                .isInstanceOf(UnknownNameException.class)
                .hasMessage("unknown flow 'lead_synk'; known flows: [alpha, lead_sync]");
    }

    @Test
    void shouldRejectANameRegisteredTwice() {
        // given
        Registry.Builder builder = Registry.newBuilder().register("lead_sync", RegistryTest::leadSync);

        // when / then
        assertThatThrownBy(() -> builder.register("lead_sync", RegistryTest::leadSync))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("flow 'lead_sync' is registered twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "lead sync", "lead.sync", "lead/sync", "léad"})
    void shouldRejectAFlowNameThatCannotPrefixATopic(String name) {
        // when / then
        assertThatThrownBy(() -> Registry.newBuilder().register(name, RegistryTest::leadSync))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("flow name '" + name + "' must be letters, digits, '_' or '-' (it prefixes topic names)");
    }

    @Test
    void shouldRejectANullFlowName() {
        // when / then
        assertThatThrownBy(() -> Registry.newBuilder().register(null, RegistryTest::leadSync))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("flow name 'null'");
    }

    @Test
    void shouldNotBeChangedByTheBuilderAfterBuild() {
        // given
        Registry.Builder builder = Registry.newBuilder().register("alpha", RegistryTest::leadSync);
        Registry registry = builder.build();

        // when
        builder.register("beta", RegistryTest::leadSync);

        // then
        assertThat(registry.names()).containsExactly("alpha");
        assertThatThrownBy(() -> registry.names().add("gamma")).isInstanceOf(UnsupportedOperationException.class);
    }
}
