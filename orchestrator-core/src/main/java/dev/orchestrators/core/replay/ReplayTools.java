package dev.orchestrators.core.replay;

import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.replay.RecordedSideEffect.Outcome;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolContainer;
import dev.orchestrators.core.tool.ToolResult;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A flow's tools for a replay: READ tools are the real ones (a replay reads what the systems hold now); WRITE and
 * SEND tools are never called. A side-effecting call is answered from the run's {@link Recording} by its
 * {@code idempotency_key}: with the recorded answer, or the recorded error. A call the recording does not have (a
 * changed flow doing something new) fails permanently with {@code NotInRecording}, and is reported.
 */
public final class ReplayTools implements ToolContainer {
    /** The error type of a side effect the recorded run did not perform. */
    public static final String NOT_IN_RECORDING = "NotInRecording";

    private final ToolContainer real;
    private final Function<String, Recording> recordings;
    private final UnrecordedCalls unrecorded;

    /**
     * @param real       the flow's tools
     * @param recordings the recording of a run, by run id ({@link Recording#empty} when nothing was recorded)
     * @param unrecorded where side-effecting calls the recording lacks are reported
     */
    public ReplayTools(ToolContainer real, Function<String, Recording> recordings, UnrecordedCalls unrecorded) {
        this.real = Objects.requireNonNull(real, "real");
        this.recordings = Objects.requireNonNull(recordings, "recordings");
        this.unrecorded = Objects.requireNonNull(unrecorded, "unrecorded");
    }

    /** Told of each side-effecting call that a replay could not answer from the recording. Thread-safe. */
    @FunctionalInterface
    public interface UnrecordedCalls {
        void unrecorded(String runId, String tool, String idempotencyKey);
    }

    @Override
    public Optional<Tool> find(String name) {
        return real.find(name).map(tool -> tool.capability() == Capability.READ ? tool : new Replayed(tool));
    }

    @Override
    public Set<String> names() {
        return real.names();
    }

    /** A side-effecting tool that answers from the recording and never acts. */
    private final class Replayed implements Tool {
        private final Tool tool;

        Replayed(Tool tool) {
            this.tool = tool;
        }

        @Override
        public String name() {
            return tool.name();
        }

        @Override
        public Capability capability() {
            return tool.capability();
        }

        @Override
        public CompletionStage<ToolResult> invoke(ToolCall call) {
            Object key = call.arguments().get("idempotency_key");
            Optional<RecordedSideEffect> recorded = key == null ? Optional.empty()
                    : recordings.apply(call.runId()).sideEffect(key.toString());
            if (recorded.isPresent() && recorded.get().outcome() == Outcome.PERFORMED && recorded.get().answer() != null) {
                return CompletableFuture.completedFuture(ToolResult.of(recorded.get().answer()));
            }
            if (recorded.isPresent() && recorded.get().outcome() == Outcome.FAILED) {
                return CompletableFuture.failedFuture(recorded.get().error().toException());
            }
            unrecorded.unrecorded(call.runId(), tool.name(), key == null ? null : key.toString());
            return CompletableFuture.failedFuture(new PermanentException(NOT_IN_RECORDING, key == null
                    ? "replay: " + tool.capability() + " tool '" + tool.name() + "' was called without an idempotency_key, so "
                    + "its recorded answer cannot be found; it was not called"
                    : "replay: the recorded run did not call " + tool.capability() + " tool '" + tool.name() + "' with "
                    + "idempotency_key " + key + "; it was not called", null));
        }
    }
}
