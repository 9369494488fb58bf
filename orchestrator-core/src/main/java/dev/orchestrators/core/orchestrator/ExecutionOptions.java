package dev.orchestrators.core.orchestrator;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a runtime asks for one execution: which flow it belongs to, which attempt of the run it is,
 * the longest retry back-off to wait in memory, and the tool attempts already spent by earlier
 * attempts of the run. Immutable.
 *
 * @param flow               the flow name for {@code metadata.flow}; {@code null} means the orchestrator's name
 * @param runAttempt         1 for the first execution of a run, more when a runtime re-executes it
 * @param maxInMemoryBackoff a retry back-off longer than this stops the run with
 *                           {@code RetryDeferredException} so the runtime can wait durably
 * @param spentAttempts      tool attempts already used, by {@code step/tool}, so a resumed run
 *                           continues the retry budget instead of restarting it
 */
public record ExecutionOptions(String flow, int runAttempt, Duration maxInMemoryBackoff, Map<String, Integer> spentAttempts) {

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
        return new ExecutionOptions(null, 1, UNLIMITED, Map.of());
    }

    public static ExecutionOptions forFlow(String flow) {
        return new ExecutionOptions(flow, 1, UNLIMITED, Map.of());
    }

    public ExecutionOptions withRunAttempt(int attempt) {
        return new ExecutionOptions(flow, attempt, maxInMemoryBackoff, spentAttempts);
    }

    public ExecutionOptions withMaxInMemoryBackoff(Duration limit) {
        return new ExecutionOptions(flow, runAttempt, limit, spentAttempts);
    }

    public ExecutionOptions withSpentAttempts(Map<String, Integer> spent) {
        return new ExecutionOptions(flow, runAttempt, maxInMemoryBackoff, spent);
    }

    /** The key under which {@link #spentAttempts} counts a tool's attempts in a step. */
    public static String attemptKey(String step, String tool) {
        return step + "/" + tool;
    }
}
