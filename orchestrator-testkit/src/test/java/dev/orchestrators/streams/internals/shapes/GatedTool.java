package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tool whose calls stay open until the test answers them, so a test decides the order in which
 * concurrent calls finish. Records every call and every event ("start:r1", "done:r1") in order.
 */
final class GatedTool implements Tool {
    private final List<Open> calls = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "work";
    }

    @Override
    public Capability capability() {
        return Capability.READ;
    }

    @Override
    public CompletionStage<ToolResult> invoke(ToolCall call) {
        CompletableFuture<ToolResult> answer = new CompletableFuture<>();
        calls.add(new Open(call, answer));
        events.add("start:" + call.runId());
        return answer;
    }

    /** Answers the oldest open call of {@code runId}. */
    void answer(String runId) {
        Open open = oldestOpen(runId);
        events.add("done:" + runId);
        open.answer().complete(ToolResult.of(Map.of("item", open.call().argument("item"), "attempt", open.call().attempt())));
    }

    void failTransiently(String runId) {
        oldestOpen(runId).answer().completeExceptionally(new TransientException("busy"));
    }

    void failPermanently(String runId) {
        oldestOpen(runId).answer().completeExceptionally(new PermanentException("BadItem", "cannot process " + runId, null));
    }

    private Open oldestOpen(String runId) {
        return calls.stream().filter(c -> c.call().runId().equals(runId) && !c.answer().isDone()).findFirst()
                .orElseThrow(() -> new AssertionError("no open call for " + runId + "; calls: " + startedRunIds()));
    }

    List<String> startedRunIds() {
        return calls.stream().map(c -> c.call().runId()).toList();
    }

    List<ToolCall> calls() {
        return calls.stream().map(Open::call).toList();
    }

    List<String> events() {
        return List.copyOf(events);
    }

    private record Open(ToolCall call, CompletableFuture<ToolResult> answer) {
    }
}
