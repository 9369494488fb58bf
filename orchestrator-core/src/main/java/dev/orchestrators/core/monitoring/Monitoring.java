package dev.orchestrators.core.monitoring;

/**
 * Where orchestrators report what they do ({@code platform_monitoring.log_event} in the design).
 * Best effort: an implementation must not throw into the run and must not block.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Monitoring {

    void logEvent(MonitoringEvent event);

    /** Discards every event. */
    static Monitoring noop() {
        return event -> { };
    }
}
