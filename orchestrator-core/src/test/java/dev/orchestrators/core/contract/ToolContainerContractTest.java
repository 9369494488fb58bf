package dev.orchestrators.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrators.core.errors.UnknownNameException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolContainer;
import dev.orchestrators.core.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link ToolContainer}, which every implementation runs: a subclass makes
 * {@link #newContainer} hold exactly the tools it is given.
 *
 * <p>The clauses: a registered tool is found by its name, with its capability, and invoking what was found calls
 * the registered tool; nothing is found under another name; {@link ToolContainer#names()} names every tool and
 * cannot be changed through; {@link ToolContainer#get} refuses an unknown name with an {@link UnknownNameException}
 * that lists the known ones; many threads may look tools up at once.
 *
 * <p>A container that stands side-effecting tools in for the registered ones (a replay's) says so with
 * {@link #callsSideEffectingTools()}; its own test then shows what it does instead.
 */
public abstract class ToolContainerContractTest {
    private final List<ToolContainer> made = new ArrayList<>();

    /** A new container holding exactly {@code tools}, each under its {@link Tool#name()}. */
    protected abstract ToolContainer newContainer(List<Tool> tools);

    /**
     * Whether invoking a WRITE or SEND tool found in the container calls the registered tool. True unless the
     * container is made not to act (a replay answers such calls from a recording).
     */
    protected boolean callsSideEffectingTools() {
        return true;
    }

    private ToolContainer containerOf(Tool... tools) {
        ToolContainer container = newContainer(List.of(tools));
        made.add(container);
        return container;
    }

    @AfterEach
    void closeContainers() throws Exception {
        for (ToolContainer container : made) {
            if (container instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @Test
    void shouldFindARegisteredToolByItsNameWithItsCapability() {
        // given
        ToolContainer container = containerOf(RecordingTool.of("crm_reader", Capability.READ),
                RecordingTool.of("crm_writer", Capability.WRITE), RecordingTool.of("mailer", Capability.SEND));

        // then
        Map<String, Capability> registered = Map.of("crm_reader", Capability.READ, "crm_writer", Capability.WRITE,
                "mailer", Capability.SEND);
        registered.forEach((name, capability) -> {
            assertThat(container.find(name)).as(name).hasValueSatisfying(tool -> {
                assertThat(tool.name()).isEqualTo(name);
                assertThat(tool.capability()).isEqualTo(capability);
            });
            assertThat(container.get(name).name()).isEqualTo(name);
        });
    }

    @Test
    void shouldFindNothingUnderANameNoToolWasRegisteredUnder() {
        // given
        ToolContainer container = containerOf(RecordingTool.of("crm_reader", Capability.READ));

        // then
        assertThat(container.find("crm_writer")).isEmpty();
        assertThat(container.find("CRM_READER")).as("names are case-sensitive").isEmpty();
        assertThat(containerOf().find("crm_reader")).as("an empty container").isEmpty();
    }

    @Test
    void shouldNameEveryRegisteredToolAndNothingElse() {
        // given
        ToolContainer container = containerOf(RecordingTool.of("crm_reader", Capability.READ),
                RecordingTool.of("crm_writer", Capability.WRITE));

        // then
        assertThat(container.names()).containsExactlyInAnyOrder("crm_reader", "crm_writer");
        assertThat(containerOf().names()).isEmpty();
    }

    @Test
    void shouldNotLetItsNamesBeChangedThroughTheSetItReturns() {
        // given
        ToolContainer container = containerOf(RecordingTool.of("crm_reader", Capability.READ));
        Set<String> names = container.names();

        // then
        assertThatThrownBy(() -> names.add("intruder")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> names.remove("crm_reader")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(container.names()).containsExactly("crm_reader");
    }

    @Test
    void shouldRefuseAnUnknownNameWithGetNamingTheKnownTools() {
        // given
        ToolContainer container = containerOf(RecordingTool.of("crm_reader", Capability.READ),
                RecordingTool.of("mailer", Capability.SEND));

        // then
        assertThatThrownBy(() -> container.get("crm_writer"))
                .isInstanceOf(UnknownNameException.class)
                .hasMessageContaining("'crm_writer'")
                .hasMessageContaining("crm_reader")
                .hasMessageContaining("mailer");
    }

    @Test
    void shouldCallTheRegisteredReadToolWhenTheFoundToolIsInvoked() {
        // given
        RecordingTool reader = RecordingTool.of("crm_reader", Capability.READ);
        ToolContainer container = containerOf(reader);
        ToolCall call = call("crm_reader", Map.of("lead_id", "L-1"));

        // when
        ToolResult result = container.get("crm_reader").invoke(call).toCompletableFuture().join();

        // then
        assertThat(result.field("answered_by")).isEqualTo("crm_reader");
        assertThat(reader.calls()).containsExactly(call);
    }

    @Test
    void shouldCallTheRegisteredSideEffectingToolWhenTheFoundToolIsInvoked() {
        assumeTrue(callsSideEffectingTools(), "this container does not call side-effecting tools; its own test says what it does");

        // given
        RecordingTool writer = RecordingTool.of("crm_writer", Capability.WRITE);
        ToolContainer container = containerOf(writer);
        ToolCall call = call("crm_writer", Map.of("idempotency_key", "run-1:crm_writer"));

        // when
        ToolResult result = container.get("crm_writer").invoke(call).toCompletableFuture().join();

        // then
        assertThat(result.field("answered_by")).isEqualTo("crm_writer");
        assertThat(writer.calls()).containsExactly(call);
    }

    @Test
    void shouldFindToolsFromManyThreadsAtOnce() {
        // given
        ToolContainer container = containerOf(RecordingTool.of("crm_reader", Capability.READ),
                RecordingTool.of("crm_writer", Capability.WRITE));

        // when / then
        Concurrently.run(8, thread -> {
            for (int i = 0; i < 2_000; i++) {
                String name = (i + thread) % 2 == 0 ? "crm_reader" : "crm_writer";
                assertThat(container.find(name)).isPresent();
                assertThat(container.names()).hasSize(2);
            }
        });
    }

    /** A call of {@code tool} by run {@code run-1}. */
    protected static ToolCall call(String tool, Map<String, Object> arguments) {
        return new ToolCall("run-1", "contract", "step", tool, 1, arguments);
    }

    /** A tool that records its calls and answers {@code {"answered_by": <its name>}}. Thread-safe. */
    public static final class RecordingTool implements Tool {
        private final String name;
        private final Capability capability;
        private final List<ToolCall> calls = new CopyOnWriteArrayList<>();

        private RecordingTool(String name, Capability capability) {
            this.name = name;
            this.capability = capability;
        }

        public static RecordingTool of(String name, Capability capability) {
            return new RecordingTool(name, capability);
        }

        /** The calls it was given, in order. */
        public List<ToolCall> calls() {
            return List.copyOf(calls);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Capability capability() {
            return capability;
        }

        @Override
        public CompletionStage<ToolResult> invoke(ToolCall call) {
            calls.add(call);
            return CompletableFuture.completedFuture(ToolResult.of(Map.of("answered_by", name)));
        }
    }
}
