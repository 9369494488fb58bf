package dev.orchestrators.core.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts events in a Micrometer {@link MeterRegistry}: counter {@code orchestrator.events}, tagged
 * {@code event} (the event name with the step name moved to its own {@code step} tag, to keep
 * cardinality bounded), {@code orchestrator} and, where present, {@code status}, {@code error_type} and
 * {@code alert} (what an {@code orchestrator.alert} event is about, such as {@code archive_write_failed}).
 * Each event is also logged at DEBUG with its {@code run_id}, which is never a metric tag.
 */
public final class MicrometerMonitoring implements Monitoring {
    private static final Logger LOG = LoggerFactory.getLogger(MicrometerMonitoring.class);
    private final MeterRegistry registry;
    private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();

    public MicrometerMonitoring(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void logEvent(MonitoringEvent event) {
        try {
            counters.computeIfAbsent(CounterKey.of(event), this::register).increment();
            LOG.debug("{} run_id={} orchestrator={} {}", event.name(), event.runId(), event.orchestrator(), event.attributes());
        } catch (RuntimeException e) {
            // Monitoring is best effort and must never fail a run, but the failure is reported.
            LOG.warn("monitoring event {} for run {} could not be recorded", event.name(), event.runId(), e);
        }
    }

    private Counter register(CounterKey key) {
        Tags tags = Tags.of("orchestrator", key.orchestrator(), "event", key.event());
        if (key.step() != null) {
            tags = tags.and("step", key.step());
        }
        if (key.status() != null) {
            tags = tags.and("status", key.status());
        }
        if (key.errorType() != null) {
            tags = tags.and("error_type", key.errorType());
        }
        if (key.alert() != null) {
            tags = tags.and("alert", key.alert());
        }
        return registry.counter("orchestrator.events", tags);
    }

    /** The tag values of one counter; cached so that an event costs a map lookup, not a registry lookup. */
    private record CounterKey(String orchestrator, String event, String step, String status, String errorType,
                              String alert) {
        static CounterKey of(MonitoringEvent event) {
            String name = event.name();
            String step = null;
            if (name.startsWith(MonitoringEvent.STEP_PREFIX)) {
                step = name.substring(MonitoringEvent.STEP_PREFIX.length());
                name = "orchestrator.step";
            }
            return new CounterKey(event.orchestrator(), name, step, text(event, "status"), text(event, "error_type"),
                    text(event, "alert"));
        }

        private static String text(MonitoringEvent event, String attribute) {
            Object value = event.attributes().get(attribute);
            return value == null ? null : value.toString();
        }
    }
}
