package dev.orchestrators.tools;

import dev.orchestrators.core.tool.Tool;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A {@link Tool} that talks to a real system (a database, an HTTP API, an SMTP server) and owns resources
 * (a connection pool, threads): it can say whether its system is reachable, describe its settings without
 * their secrets, and be closed.
 *
 * <p>Every adapter keeps the shared contract of {@code docs/tools.md}: it never blocks the calling thread (a
 * blocking client runs on a {@link BlockingCalls} sized to its resource, which fails fast with a transient
 * {@code Saturated} when full); it classifies its client's failures as transient or permanent; WRITE and SEND
 * adapters pass the call's {@code idempotency_key} on, so a repeated call changes the world at most once, and
 * report an outcome they cannot know as {@code IndeterminateOutcome}; secrets are read by reference and never
 * appear in {@link #describe()}, results or failure messages. Implementations are thread-safe.
 */
public interface ToolAdapter extends Tool, AutoCloseable {

    /** The adapter type it was configured as ({@code tool.<name>.type}), e.g. {@code sql-query}. */
    String type();

    /**
     * Checks, without side effects, whether the system is reachable (a {@code SELECT 1}, an SMTP {@code NOOP}, an
     * HTTP {@code HEAD}); the stage completes with the verdict and never fails.
     */
    CompletionStage<ToolHealth> checkHealth();

    /**
     * How many calls it takes at once before it fails one fast as {@code Saturated} (its pool and queue, its in-flight
     * limit); {@link Integer#MAX_VALUE} when it has no such bound. {@link ConfiguredTools#applyTo} queues calls beyond
     * it in front of the adapter without holding a thread, so a flow under load waits for the adapter instead of
     * failing its runs; {@code Saturated} remains for calls that reach the adapter some other way.
     */
    default int capacity() {
        return Integer.MAX_VALUE;
    }

    /** The adapter's settings as a user may see them: secrets by reference only. */
    Map<String, String> describe();

    /** Releases the adapter's pool and threads; calls after this fail. */
    @Override
    void close();
}
