package dev.orchestrators.core.orchestrator;

import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a runtime asks for one execution: which flow it belongs to, which attempt of the run it is,
 * the longest retry back-off to wait in memory, and the tool attempts already spent by earlier
 * attempts of the run, and the trace the run belongs to. Immutable.
 *
 * @param flow               the flow name for {@code metadata.flow}; {@code null} means the orchestrator's name
 * @param runAttempt         1 for the first execution of a run, more when a runtime re-executes it
 * @param maxInMemoryBackoff a retry back-off longer than this stops the run with
 *                           {@code RetryDeferredException} so the runtime can wait durably
 * @param spentAttempts      tool attempts already used, by {@code step/tool}, so a resumed run
 *                           continues the retry budget instead of restarting it
 * @param handOff            true when the runtime continues work that crosses topics itself: a root router
 *                           hands its routed request over instead of running the sub-flow in process, a
 *                           root saga its compensations (a {@link RunOutcome.Routed} or {@link RunOutcome.CompensationRequired} outcome)
 * @param traceParent        the OpenTelemetry context whose span the run's span is a child of (a runtime passes
 *                           the span of the request it runs); {@code null}: the caller's {@link Context#current()}
 */
public record ExecutionOptions(String flow, int runAttempt, Duration maxInMemoryBackoff, Map<String, Integer> spentAttempts,
                               boolean handOff, Context traceParent) {

    /** Back-offs of any length wait in memory. */
    public static final Duration UNLIMITED = Duration.ofMillis(Long.MAX_VALUE);

    public ExecutionOptions {
        if (runAttempt < 1) {
            throw new IllegalArgumentException("runAttempt must be >= 1, was " + runAttempt);
        }
        Objects.requireNonNull(maxInMemoryBackoff, "maxInMemoryBackoff");
        spentAttempts = spentAttempts == null ? Map.of() : Map.copyOf(spentAttempts);
    }

    /** First attempt, orchestrator's own name as flow, every back-off in memory. */
    public static ExecutionOptions defaults() {
        return new ExecutionOptions(null, 1, UNLIMITED, Map.of(), false, null);
    }

    public static ExecutionOptions forFlow(String flow) {
        return new ExecutionOptions(flow, 1, UNLIMITED, Map.of(), false, null);
    }

    public ExecutionOptions withRunAttempt(int attempt) {
        return new ExecutionOptions(flow, attempt, maxInMemoryBackoff, spentAttempts, handOff, traceParent);
    }

    public ExecutionOptions withMaxInMemoryBackoff(Duration limit) {
        return new ExecutionOptions(flow, runAttempt, limit, spentAttempts, handOff, traceParent);
    }

    public ExecutionOptions withSpentAttempts(Map<String, Integer> spent) {
        return new ExecutionOptions(flow, runAttempt, maxInMemoryBackoff, spent, handOff, traceParent);
    }

    /** The same options for a run of flow {@code newFlow}, run wholly in process (no hand-off). */
    public ExecutionOptions forSubFlow(String newFlow) {
        return new ExecutionOptions(newFlow, runAttempt, maxInMemoryBackoff, spentAttempts, false, traceParent);
    }

    /** The runtime continues cross-topic work: a root router or saga ends its run in a hand-off outcome ({@link RunOutcome}). */
    public ExecutionOptions withHandOff() {
        return new ExecutionOptions(flow, runAttempt, maxInMemoryBackoff, spentAttempts, true, traceParent);
    }

    /** The same options, the run's span a child of {@code parent}'s span. */
    public ExecutionOptions withTraceParent(Context parent) {
        return new ExecutionOptions(flow, runAttempt, maxInMemoryBackoff, spentAttempts, handOff, parent);
    }

    /** {@link #traceParent}, or the caller's current context when none was given. */
    public Context traceParentOrCurrent() {
        return traceParent != null ? traceParent : Context.current();
    }

    /** The key under which {@link #spentAttempts} counts a tool's attempts in a step. */
    public static String attemptKey(String step, String tool) {
        return step + "/" + tool;
    }
}
