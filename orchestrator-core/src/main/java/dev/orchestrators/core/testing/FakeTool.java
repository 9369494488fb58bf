package dev.orchestrators.core.testing;

import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A scriptable tool that records every call: the stand-in for a real system in a test. By default it answers
 * with {@code answer(call)}; script what the next calls do first with {@link #failTransiently(int)},
 * {@link #failPermanently()}, {@link #failWith(RuntimeException)} or {@link #neverAnswer()}, each used once, in the
 * order scripted.
 *
 * <pre>{@code
 * FakeTool crm = FakeTool.returning("crm_reader", Capability.READ, Map.of("lead_id", "L-1", "name", "Ada"))
 *         .failTransiently(1);                        // the first call fails, the retry is answered
 * // ... run the flow with InMemoryToolContainer.of(crm) ...
 * assertThat(crm.calls()).hasSize(2);
 * }</pre>
 *
 * <p>It ships in the main jar (as Kafka ships {@code MockProducer}) so that users' tests can use it; the test kit
 * ({@code orchestrator-testkit}) brings it. Thread-safe.
 */
public final class FakeTool implements Tool {
    private final String name;
    private final Capability capability;
    private final Function<ToolCall, Map<String, Object>> answer;
    private final List<ToolCall> calls = new CopyOnWriteArrayList<>();
    private final Deque<Supplier<CompletionStage<ToolResult>>> script = new ArrayDeque<>();

    private FakeTool(String name, Capability capability, Function<ToolCall, Map<String, Object>> answer) {
        this.name = name;
        this.capability = capability;
        this.answer = answer;
    }

    /** A tool answering every call with {@code answer(call)}. */
    public static FakeTool answering(String name, Capability capability, Function<ToolCall, Map<String, Object>> answer) {
        return new FakeTool(name, capability, answer);
    }

    /** A tool answering every call with {@code fields}. */
    public static FakeTool returning(String name, Capability capability, Map<String, Object> fields) {
        return new FakeTool(name, capability, call -> fields);
    }

    /** The next {@code times} calls fail with a {@link TransientException}. */
    public synchronized FakeTool failTransiently(int times) {
        for (int i = 0; i < times; i++) {
            script.add(() -> CompletableFuture.failedFuture(new TransientException("fake " + name + " is unavailable")));
        }
        return this;
    }

    /** The next call fails with a {@link PermanentException}. */
    public synchronized FakeTool failPermanently() {
        script.add(() -> CompletableFuture.failedFuture(new PermanentException("BadRequest", "fake " + name + " rejected the call", null)));
        return this;
    }

    /** The next call fails with {@code failure}. */
    public synchronized FakeTool failWith(RuntimeException failure) {
        script.add(() -> CompletableFuture.failedFuture(failure));
        return this;
    }

    /** The next call never completes (for time-out tests). */
    public synchronized FakeTool neverAnswer() {
        script.add(CompletableFuture::new);
        return this;
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
        Supplier<CompletionStage<ToolResult>> next;
        synchronized (this) {
            next = script.poll();
        }
        if (next != null) {
            return next.get();
        }
        try {
            return CompletableFuture.completedFuture(ToolResult.of(answer.apply(call)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Every call made, in order. */
    public List<ToolCall> calls() {
        return List.copyOf(calls);
    }

    /** How many calls were made. */
    public int callCount() {
        return calls.size();
    }
}
