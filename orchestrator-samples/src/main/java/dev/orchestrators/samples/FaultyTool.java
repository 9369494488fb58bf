package dev.orchestrators.samples;

import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A SAMPLE tool with injected faults, for the chaos harness and demos of the retry policy: at configured
 * rates a call fails transiently ({@code 503}), never answers (the orchestrator's time-out fires), answers
 * slowly (10x a 50 ms base, completed by the scheduler) or fails permanently ({@code 400}). Which calls fail is
 * drawn from a seeded generator over the run id, step and attempt, so a given attempt fails the same way on
 * every replay and a retry usually gets through. Thread-safe.
 */
final class FaultyTool implements Tool {
    private final Tool delegate;
    private final Rates rates;
    private final ScheduledExecutorService scheduler;

    FaultyTool(Tool delegate, Rates rates, ScheduledExecutorService scheduler) {
        this.delegate = delegate;
        this.rates = rates;
        this.scheduler = scheduler;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Capability capability() {
        return delegate.capability();
    }

    @Override
    public CompletionStage<ToolResult> invoke(ToolCall call) {
        double draw = new SplittableRandom(rates.seed() ^ SampleTools.hash(call.runId() + "/" + call.step() + "/"
                + call.tool() + "/" + call.attempt() + "/" + call.arguments().getOrDefault("record_key", ""))).nextDouble();
        double edge = rates.transientRate();
        if (draw < edge) {
            return CompletableFuture.failedFuture(new TransientException("Unavailable", "sample " + name() + ": 503 service unavailable", null));
        }
        edge += rates.timeout();
        if (draw < edge) {
            return new CompletableFuture<>(); // never answers: the caller's time-out fires
        }
        edge += rates.slow();
        if (draw < edge) {
            CompletableFuture<ToolResult> late = new CompletableFuture<>();
            scheduler.schedule(() -> delegate.invoke(call).whenComplete((r, f) -> {
                if (f == null) {
                    late.complete(r);
                } else {
                    late.completeExceptionally(f);
                }
            }), 500, TimeUnit.MILLISECONDS);
            return late;
        }
        edge += rates.permanent();
        if (draw < edge) {
            return CompletableFuture.failedFuture(new PermanentException("BadRequest", "sample " + name() + ": 400 rejected", null));
        }
        return delegate.invoke(call);
    }

    /** Shares of calls that fail each way, and the generator's seed. */
    record Rates(double transientRate, double timeout, double slow, double permanent, long seed) {
        static final Rates NONE = new Rates(0, 0, 0, 0, 0);

        Rates {
            double sum = transientRate + timeout + slow + permanent;
            if (transientRate < 0 || timeout < 0 || slow < 0 || permanent < 0 || sum > 1) {
                throw new IllegalArgumentException("fault rates must be >= 0 and add up to at most 1, were "
                        + transientRate + ", " + timeout + ", " + slow + ", " + permanent);
            }
        }

        static Rates of(Map<String, String> settings) {
            return new Rates(rate(settings, "transient"), rate(settings, "timeout"), rate(settings, "slow"),
                    rate(settings, "permanent"), Long.parseLong(settings.getOrDefault("seed", "42")));
        }

        private static double rate(Map<String, String> settings, String name) {
            return Double.parseDouble(settings.getOrDefault(name, "0"));
        }

        boolean none() {
            return transientRate == 0 && timeout == 0 && slow == 0 && permanent == 0;
        }
    }
}
