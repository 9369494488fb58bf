package dev.orchestrators.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolContainer;
import dev.orchestrators.core.tool.Tools;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings make tools through the factories on the class path; configured tools replace samples of the same name. */
class ConfiguredToolsTest {

    @Test
    void shouldMakeEachConfiguredToolWithTheFactoryOfItsType() {
        try (ConfiguredTools tools = ConfiguredTools.from(Map.of("tool.greeter.type", "echo", "tool.greeter.greeting", "hi"))) {
            assertThat(tools.names()).containsExactly("greeter");
            assertThat(tools.get("greeter").invoke(new ToolCall("r", "o", "s", "greeter", 1, Map.of()))
                    .toCompletableFuture().join().field("greeting")).isEqualTo("hi");
            assertThat(tools.adapters().get("greeter").type()).isEqualTo("echo");
        }
    }

    @Test
    void shouldPutConfiguredToolsInFrontOfTheSamplesOfTheSameNameAndKeepTheOthers() {
        // given samples and one configured tool named like a sample
        ToolContainer samples = InMemoryToolContainer.of(
                Tools.inMemory("greeter", Capability.READ, call -> Map.of("greeting", "sample")),
                Tools.inMemory("lookup", Capability.READ, call -> Map.of("found", true)));
        ConfiguredTools configured = ConfiguredTools.from(Map.of("tool.greeter.type", "echo"));

        // when
        ToolContainer both = configured.over(samples);

        // then
        assertThat(both.names()).containsExactlyInAnyOrder("greeter", "lookup");
        assertThat(both.get("greeter")).isSameAs(configured.get("greeter"));
        assertThat(both.get("lookup")).isSameAs(samples.get("lookup"));
    }

    @Test
    void shouldRefuseAnUnknownTypeNamingTheKeyAndTheKnownTypes() {
        assertThatThrownBy(() -> ConfiguredTools.from(Map.of("tool.crm.type", "mongo")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("tool.crm.type=mongo is not a known tool type; known: [echo]");
    }

    @Test
    void shouldCloseTheToolsAlreadyMadeWhenALaterOneIsMisconfigured() {
        List<ToolFactory> factories = List.of(new RecordingToolFactory());
        assertThatThrownBy(() -> ConfiguredTools.from(Map.of("tool.a.type", "echo", "tool.b.type", "echo", "tool.b.colour", "red"),
                factories)).hasMessageContaining("tool.b.colour");
    }

    @Test
    void shouldCloseEveryAdapterItMade() {
        ConfiguredTools tools = ConfiguredTools.from(Map.of("tool.a.type", "echo", "tool.b.type", "echo"));

        tools.close();

        assertThat(tools.adapters().values()).allSatisfy(a -> assertThat(((RecordingToolFactory.Echo) a).closed()).isTrue());
    }

    @Test
    void shouldDocumentEveryKeyOfEveryFactoryUnderTheToolPrefix() {
        String docs = ToolDocs.markdown(ConfiguredTools.factories());

        assertThat(docs).contains("### `tool.<name>.type=echo`", "| `tool.<name>.greeting` | string | `hello` |");
    }
}
