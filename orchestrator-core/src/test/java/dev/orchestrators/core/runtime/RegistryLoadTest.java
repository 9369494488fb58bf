package dev.orchestrators.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.flow.FlowEnvironment;
import dev.orchestrators.core.flow.FlowProvider;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flows found on a class path through {@code META-INF/services/...FlowProvider}, as {@code --flows-jar} finds them. */
class RegistryLoadTest {
    @TempDir
    Path classPath;

    private URLClassLoader loader;

    /**
     * A class loader over a fresh directory whose only services file is {@code registry-load/<name>.services};
     * the providers themselves come from the test classes (the parent).
     */
    private ClassLoader classPathWith(String name) {
        try (InputStream services = getClass().getResourceAsStream("registry-load/" + name + ".services")) {
            assertThat(services).as("test resource registry-load/%s.services", name).isNotNull();
            Path file = classPath.resolve("META-INF/services/" + FlowProvider.class.getName());
            Files.createDirectories(file.getParent());
            Files.copy(services, file);
            loader = new URLClassLoader(new URL[] {classPath.toUri().toURL()}, getClass().getClassLoader());
            return loader;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void closeLoader() throws IOException {
        if (loader != null) {
            loader.close();
        }
    }

    @Test
    void shouldRegisterEveryFlowOfEveryProviderInTheOrderFound() {
        // when
        Registry registry = Registry.load(classPathWith("two-providers"), FlowEnvironment.empty());

        // then
        assertThat(registry.names()).containsExactly("lead_sync", "lead_intake", "support_ticket");
        assertThat(registry.create("support_ticket", OrchestratorContext.newBuilder().build()).name()).isEqualTo("support_ticket");
    }

    @Test
    void shouldRememberWhichProviderContributedEachFlow() {
        // when
        Registry registry = Registry.load(classPathWith("two-providers"), FlowEnvironment.empty());

        // then
        assertThat(registry.providerOf("lead_sync")).hasValue(TestFlowProviders.LeadFlows.class.getName());
        assertThat(registry.providerOf("lead_intake")).hasValue(TestFlowProviders.LeadFlows.class.getName());
        assertThat(registry.providerOf("support_ticket")).hasValue(TestFlowProviders.SupportFlows.class.getName());
        assertThat(Registry.newBuilder().registerAll(registry).build().providerOf("lead_sync")).isEmpty();
    }

    @Test
    void shouldGiveEveryProviderTheEnvironment() {
        // given
        FlowEnvironment environment = new FlowEnvironment(Map.of("flows.name", "campaign", "flows.count", "2"));

        // when
        Registry registry = Registry.load(classPathWith("environment"), environment);

        // then
        assertThat(registry.names()).containsExactly("campaign_1", "campaign_2");
    }

    @Test
    void shouldFindNoFlowsWhenNoProviderIsRegistered() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], getClass().getClassLoader())) {
            // when
            Registry registry = Registry.load(empty, FlowEnvironment.empty());

            // then
            assertThat(registry.names()).isEmpty();
        }
    }

    @Test
    void shouldRejectTwoProvidersContributingTheSameFlowName() {
        assertThatThrownBy(() -> Registry.load(classPathWith("same-flow-twice"), FlowEnvironment.empty()))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("flow 'lead_sync' is contributed by ")
                .hasMessageContaining(" and by ");
    }

    @Test
    void shouldNameTheProviderThatThrows() {
        assertThatThrownBy(() -> Registry.load(classPathWith("provider-throws"), FlowEnvironment.empty()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("flow provider " + TestFlowProviders.BrokenFlows.class.getName() + " failed: crm.url is not reachable")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldNameTheProviderWhoseConfigurationIsRefused() {
        assertThatThrownBy(() -> Registry.load(classPathWith("provider-refuses"), FlowEnvironment.empty()))
                .isInstanceOf(ConfigurationException.class).hasMessageEndingWith("failed: crm.url must be set")
                .hasMessageStartingWith("flow provider ");
    }

    @Test
    void shouldNameTheProviderThatCannotBeCreated() {
        assertThatThrownBy(() -> Registry.load(classPathWith("provider-cannot-be-created"), FlowEnvironment.empty()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(TestFlowProviders.UnconstructableFlows.class.getName());
    }
}
