package dev.orchestrators.core.tool;

import dev.orchestrators.core.errors.TransientException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A tool behind a concurrency limit (resilience4j {@link Bulkhead}) and a rate limit (resilience4j
 * {@link RateLimiter}), without blocking callers: a call over the concurrency limit is queued and starts
 * when a call finishes; a call over the rate is started by {@code scheduler} when its reserved permit
 * comes due. Thread-safe. Create with {@link #wrap}.
 */
public final class LimitedTool implements Tool {
    private final Tool delegate;
    private final Bulkhead bulkhead;
    private final RateLimiter rateLimiter;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();

    private LimitedTool(Tool delegate, ToolLimits limits, ScheduledExecutorService scheduler) {
        this.delegate = delegate;
        this.scheduler = scheduler;
        this.bulkhead = Bulkhead.of("tool-" + delegate.name(), BulkheadConfig.custom()
                .maxConcurrentCalls(limits.maxConcurrent()).maxWaitDuration(Duration.ZERO).build());
        this.rateLimiter = limits.ratePerSecond() == 0 ? null : RateLimiter.of("tool-" + delegate.name(),
                RateLimiterConfig.custom().limitForPeriod(limits.ratePerSecond()).limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(limits.maxWait()).build());
    }

    /** {@code tool} behind {@code limits}; the tool itself when there are none. */
    public static Tool wrap(Tool tool, ToolLimits limits, ScheduledExecutorService scheduler) {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(scheduler, "scheduler");
        return limits.unlimited() ? tool : new LimitedTool(tool, limits, scheduler);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Capability capability() {
        return delegate.capability();
    }

    /** Calls waiting for a concurrency slot (for metrics and tests). */
    public int waitingCalls() {
        return waiting.size();
    }

    /** Calls in progress. */
    public int callsInProgress() {
        return bulkhead.getBulkheadConfig().getMaxConcurrentCalls() - bulkhead.getMetrics().getAvailableConcurrentCalls();
    }

    @Override
    public CompletionStage<ToolResult> invoke(ToolCall call) {
        CompletableFuture<ToolResult> result = new CompletableFuture<>();
        waiting.add(new Pending(call, result));
        startWaiting();
        return result;
    }

    private void startWaiting() {
        while (!waiting.isEmpty() && bulkhead.tryAcquirePermission()) {
            Pending next = waiting.poll();
            if (next == null) {
                bulkhead.releasePermission();
                return;
            }
            startWhenPermitted(next);
        }
    }

    private void startWhenPermitted(Pending pending) {
        long waitNanos = rateLimiter == null ? 0 : rateLimiter.reservePermission();
        if (waitNanos < 0) {
            finish(pending, null, new TransientException("RateLimited", "tool '" + delegate.name()
                    + "' is over its rate limit for longer than the permitted wait", null));
        } else if (waitNanos == 0) {
            start(pending);
        } else {
            scheduler.schedule(() -> start(pending), waitNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void start(Pending pending) {
        CompletionStage<ToolResult> stage;
        try {
            stage = delegate.invoke(pending.call());
        } catch (RuntimeException e) {
            finish(pending, null, e);
            return;
        }
        stage.whenComplete((value, failure) -> finish(pending, value, failure));
    }

    private void finish(Pending pending, ToolResult value, Throwable failure) {
        bulkhead.onComplete();
        if (failure == null) {
            pending.result().complete(value);
        } else {
            pending.result().completeExceptionally(failure);
        }
        startWaiting();
    }

    private record Pending(ToolCall call, CompletableFuture<ToolResult> result) {
    }
}
