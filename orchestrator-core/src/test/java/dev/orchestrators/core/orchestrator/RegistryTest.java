package dev.orchestrators.core.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.UnknownNameException;
import dev.orchestrators.core.samples.LeadSyncSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names to orchestrator factories. */
class RegistryTest {
    private final OrchestratorContext context = OrchestratorContext.newBuilder().build();

    @Test
    void shouldCreateTheOrchestratorRegisteredUnderAName() {
        // given
        List<OrchestratorContext> seen = new ArrayList<>();
        Registry registry = Registry.newBuilder()
                .register("lead_sync", ctx -> {
                    seen.add(ctx);
                    return LeadSyncSample.create(ctx);
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
                .register("zeta", LeadSyncSample::create)
                .register("alpha", LeadSyncSample::create)
                .register("lead-sync_2", LeadSyncSample::create)
                .build();

        // then
        assertThat(registry.names()).containsExactly("zeta", "alpha", "lead-sync_2");
    }

    @Test
    void shouldRejectAnUnknownNameListingTheKnownNames() {
        // given
        Registry registry = Registry.newBuilder()
                .register("lead_sync", LeadSyncSample::create)
                .register("alpha", LeadSyncSample::create)
                .build();

        // when / then
        assertThatThrownBy(() -> registry.create("lead_synk", context))
                .isInstanceOf(UnknownNameException.class)
                .hasMessage("unknown flow 'lead_synk'; known flows: [alpha, lead_sync]");
    }

    @Test
    void shouldRejectANameRegisteredTwice() {
        // given
        Registry.Builder builder = Registry.newBuilder().register("lead_sync", LeadSyncSample::create);

        // when / then
        assertThatThrownBy(() -> builder.register("lead_sync", LeadSyncSample::create))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("flow 'lead_sync' is registered twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "lead sync", "lead.sync", "lead/sync", "léad"})
    void shouldRejectAFlowNameThatCannotPrefixATopic(String name) {
        // when / then
        assertThatThrownBy(() -> Registry.newBuilder().register(name, LeadSyncSample::create))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("flow name '" + name + "' must be letters, digits, '_' or '-' (it prefixes topic names)");
    }

    @Test
    void shouldRejectANullFlowName() {
        // when / then
        assertThatThrownBy(() -> Registry.newBuilder().register(null, LeadSyncSample::create))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("flow name 'null'");
    }

    @Test
    void shouldNotBeChangedByTheBuilderAfterBuild() {
        // given
        Registry.Builder builder = Registry.newBuilder().register("alpha", LeadSyncSample::create);
        Registry registry = builder.build();

        // when
        builder.register("beta", LeadSyncSample::create);

        // then
        assertThat(registry.names()).containsExactly("alpha");
        assertThatThrownBy(() -> registry.names().add("gamma")).isInstanceOf(UnsupportedOperationException.class);
    }
}
