package dev.orchestrators.core.replay;

import static dev.orchestrators.core.replay.ReplayRecordings.recorded;
import static dev.orchestrators.core.replay.ReplayRecordings.sideEffect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.orchestrators.core.contract.ToolContainerContractTest;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolContainer;
import dev.orchestrators.core.tool.ToolResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link ReplayTools} keeps the {@link ToolContainer} contract, with one difference by design: a WRITE or SEND tool
 * found in it never calls the registered tool; it answers from the recording of the run, by the call's
 * {@code idempotency_key}, and fails permanently with {@code NotInRecording} (reported) when the recording lacks it.
 */
class ReplayToolsContractTest extends ToolContainerContractTest {
    private final List<String> unrecorded = new CopyOnWriteArrayList<>();

    @Override
    protected ToolContainer newContainer(List<Tool> tools) {
        return new ReplayTools(InMemoryToolContainer.of(tools.toArray(Tool[]::new)), ReplayRecordings.nothingRecorded(),
                (run, tool, key) -> unrecorded.add(tool + ":" + key));
    }

    @Override
    protected boolean callsSideEffectingTools() {
        return false;
    }

    @Test
    void shouldAnswerASideEffectingCallFromTheRecordingWithoutCallingTheTool() {
        // given a run whose crm_writer call was performed and answered
        RecordingTool writer = RecordingTool.of("crm_writer", Capability.WRITE);
        ToolContainer tools = new ReplayTools(InMemoryToolContainer.of(writer), recorded(sideEffect("crm_writer",
                "run-1:crm_writer", "performed", Map.of("side_effect_id", "crm-42", "result", Map.of("id", "crm-42")))),
                (run, tool, key) -> unrecorded.add(tool));

        // when
        ToolResult result = tools.get("crm_writer").invoke(call("crm_writer", Map.of("idempotency_key", "run-1:crm_writer")))
                .toCompletableFuture().join();

        // then
        assertThat(result.field("id")).isEqualTo("crm-42");
        assertThat(writer.calls()).isEmpty();
        assertThat(unrecorded).isEmpty();
    }

    @Test
    void shouldFailASideEffectingCallAsTheRecordedCallFailed() {
        // given a run whose crm_writer call failed transiently for good
        RecordingTool writer = RecordingTool.of("crm_writer", Capability.WRITE);
        ToolContainer tools = new ReplayTools(InMemoryToolContainer.of(writer), recorded(sideEffect("crm_writer",
                "run-1:crm_writer", "failed", Map.of("error", Map.of("class", "transient", "type", "Unavailable", "message", "down")))),
                (run, tool, key) -> unrecorded.add(tool));

        // when
        CompletionException failed = catchThrowableOfType(CompletionException.class, () -> tools.get("crm_writer")
                .invoke(call("crm_writer", Map.of("idempotency_key", "run-1:crm_writer"))).toCompletableFuture().join());

        // then
        assertThat(failed).hasCauseInstanceOf(TransientException.class);
        assertThat(((TransientException) failed.getCause()).type()).isEqualTo("Unavailable");
        assertThat(writer.calls()).isEmpty();
    }

    @Test
    void shouldFailAndReportASideEffectingCallTheRecordingLacksWithoutCallingTheTool() {
        // given
        RecordingTool mailer = RecordingTool.of("mailer", Capability.SEND);
        ToolContainer tools = newContainer(List.of(mailer));

        // when
        CompletionException failed = catchThrowableOfType(CompletionException.class, () -> tools.get("mailer")
                .invoke(call("mailer", Map.of("idempotency_key", "run-1:mailer"))).toCompletableFuture().join());

        // then
        assertThat(failed).hasCauseInstanceOf(PermanentException.class);
        assertThat(((PermanentException) failed.getCause()).type()).isEqualTo(ReplayTools.NOT_IN_RECORDING);
        assertThat(unrecorded).containsExactly("mailer:run-1:mailer");
        assertThat(mailer.calls()).isEmpty();
    }
}
