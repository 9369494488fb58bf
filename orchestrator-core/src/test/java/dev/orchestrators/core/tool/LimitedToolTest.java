package dev.orchestrators.core.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LimitedToolTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<CompletableFuture<ToolResult>> open = new CopyOnWriteArrayList<>();
    private final Tool slow = Tools.async("crm_write", Capability.WRITE, call -> {
        CompletableFuture<ToolResult> answer = new CompletableFuture<>();
        open.add(answer);
        return answer;
    });

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static ToolCall call(int n) {
        return new ToolCall("run-" + n, "o", "s", "crm_write", 1, Map.of("n", n));
    }

    @Test
    void shouldStartNoMoreThanTheConcurrencyLimitAndStartWaitingCallsAsOthersFinish() {
        LimitedTool limited = (LimitedTool) LimitedTool.wrap(slow, ToolLimits.of(2, 0), scheduler);

        CompletionStage<ToolResult> first = limited.invoke(call(1));
        limited.invoke(call(2));
        CompletionStage<ToolResult> third = limited.invoke(call(3));

        assertThat(open).hasSize(2);
        assertThat(limited.waitingCalls()).isEqualTo(1);
        open.get(0).complete(ToolResult.of(Map.of("id", 1)));
        assertThat(first.toCompletableFuture()).isCompletedWithValue(ToolResult.of(Map.of("id", 1)));
        assertThat(open).as("the waiting call started when a slot freed").hasSize(3);
        assertThat(limited.callsInProgress()).isEqualTo(2);
        open.get(2).complete(ToolResult.empty());
        assertThat(third.toCompletableFuture()).isCompleted();
    }

    @Test
    void shouldReleaseTheSlotOfAFailedCall() {
        LimitedTool limited = (LimitedTool) LimitedTool.wrap(slow, ToolLimits.of(1, 0), scheduler);
        CompletionStage<ToolResult> failing = limited.invoke(call(1));
        limited.invoke(call(2));

        open.get(0).completeExceptionally(new IllegalStateException("boom"));

        assertThat(failing.toCompletableFuture()).isCompletedExceptionally();
        assertThat(open).hasSize(2);
    }

    @Test
    void shouldSpreadCallsOverTheRateLimitWithoutBlockingTheCaller() {
        Tool instant = Tools.inMemory("smtp", Capability.SEND, c -> Map.of("sent", true));
        Tool limited = LimitedTool.wrap(instant, ToolLimits.of(Integer.MAX_VALUE, 2), scheduler);

        List<CompletableFuture<ToolResult>> calls = List.of(limited.invoke(call(1)).toCompletableFuture(),
                limited.invoke(call(2)).toCompletableFuture(), limited.invoke(call(3)).toCompletableFuture());
        assertThat(calls.get(0)).isCompleted();
        assertThat(calls.get(1)).isCompleted();
        assertThat(calls.get(2)).as("over 2 per second: invoke returned without waiting, the call runs in the next period")
                .isNotCompleted();
        assertThat(calls.get(2).orTimeout(5, TimeUnit.SECONDS).join().field("sent")).isEqualTo(true);
    }

    @Test
    void shouldReturnTheToolItselfWhenThereAreNoLimits() {
        assertThat(LimitedTool.wrap(slow, ToolLimits.NONE, scheduler)).isSameAs(slow);
    }
}
