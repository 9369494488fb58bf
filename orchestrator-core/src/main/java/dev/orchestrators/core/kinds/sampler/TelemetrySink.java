package dev.orchestrators.core.kinds.sampler;

/**
 * Where sampled snapshots go: a log line ({@code platform_monitoring.log_event}), a metrics pipeline, a
 * topic. Called from the {@link Sampler}'s executor, one snapshot at a time, never on a run's path; it may
 * block, and a failure it throws is counted and logged, never seen by a run.
 *
 * <p>Implementations need not be thread-safe unless the sampler's executor has more than one thread.
 */
@FunctionalInterface
public interface TelemetrySink {

    void publish(TelemetrySnapshot snapshot);
}
