package dev.orchestrators.core.tool;

import java.util.concurrent.CompletionStage;

/**
 * An operational agent: one injectable, typed callable that does one job (DB read, vector search,
 * email send). Orchestrators never hold a tool directly; they call it by name through a
 * {@link ToolContainer}, which is where capabilities are enforced.
 *
 * <p>{@link #invoke} must not block the calling thread: an I/O-bound tool returns a stage that
 * completes when the I/O does. Wrap a blocking client with {@link Tools#blocking}, which runs it on an
 * executor you size for it. Failures complete the stage exceptionally; throw
 * {@code TransientException} or {@code PermanentException} (or let a {@code FailureClassifier} map
 * the library's own exceptions) so the retry policy knows what to do.
 *
 * <p>Implementations must be thread-safe: many runs call the same tool concurrently.
 */
public interface Tool {

    /** The name the tool is registered and called under, e.g. {@code data_coordinator}. */
    String name();

    /** What the tool does to the world; checked against the calling orchestrator's declared capabilities. */
    Capability capability();

    /** Starts the call and returns a stage that completes with its result or its failure. */
    java.util.concurrent.CompletionStage<ToolResult> invoke(ToolCall call);
}
