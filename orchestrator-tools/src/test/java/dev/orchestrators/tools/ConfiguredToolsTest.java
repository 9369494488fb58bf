package dev.orchestrators.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolContainer;
import dev.orchestrators.core.tool.Tools;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.runtime.Registry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

    @Test
    void shouldQueueCallsBeyondAnAdaptersCapacityInFrontOfItInsteadOfFailingThemAsSaturated() {
        // given an adapter that takes one call at once and refuses a second as Saturated
        GatedAdapter gated = new GatedAdapter();
        ToolFactory factory = new RecordingToolFactory() {
            @Override
            public ToolAdapter create(ToolSettings settings) {
                return gated;
            }
        };
        ConfiguredTools tools = ConfiguredTools.from(Map.of("tool.gated.type", "echo"), List.of(factory));
        Registry registry = tools.applyTo(Registry.newBuilder()
                .register(Flow.newBuilder("f").orchestrator(ctx -> { throw new UnsupportedOperationException(); }).build()).build());
        Tool tool = registry.flow("f").tools().orElseThrow().get("gated");

        // when two calls come at once
        CompletableFuture<ToolResult> first = tool.invoke(new ToolCall("r1", "o", "s", "gated", 1, Map.of())).toCompletableFuture();
        CompletableFuture<ToolResult> second = tool.invoke(new ToolCall("r2", "o", "s", "gated", 1, Map.of())).toCompletableFuture();

        // then the second waits in front of the adapter, and runs once the first is answered
        assertThat(gated.started).isEqualTo(1);
        assertThat(second).isNotDone();
        gated.answer();
        assertThat(first).isCompleted();
        assertThat(gated.started).isEqualTo(2);
        gated.answer();
        assertThat(second.join().field("ok")).isEqualTo(true);
        tools.close();
    }

    /** An adapter of capacity one whose calls are answered by the test, one at a time. */
    private static final class GatedAdapter extends RecordingToolFactory.Echo {
        private final java.util.Deque<CompletableFuture<ToolResult>> open = new java.util.ArrayDeque<>();
        int started;

        GatedAdapter() {
            super("gated", "-");
        }

        @Override
        public int capacity() {
            return 1;
        }

        @Override
        public synchronized CompletionStage<ToolResult> invoke(ToolCall call) {
            if (!open.isEmpty()) {
                return CompletableFuture.failedFuture(new dev.orchestrators.core.errors.SaturatedException("one at a time"));
            }
            started++;
            CompletableFuture<ToolResult> answer = new CompletableFuture<>();
            open.add(answer);
            return answer;
        }

        void answer() {
            CompletableFuture<ToolResult> next;
            synchronized (this) {
                next = open.poll();
            }
            next.complete(ToolResult.of(Map.of("ok", true)));
        }
    }
}
