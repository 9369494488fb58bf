package dev.orchestrators.core.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts events in a Micrometer {@link MeterRegistry}: counter {@code orchestrator.events}, tagged
 * {@code event} (the event name with the step name moved to its own {@code step} tag, to keep
 * cardinality bounded), {@code orchestrator} and, where present, {@code status} and {@code error_type}.
 * Each event is also logged at DEBUG with its {@code run_id}, which is never a metric tag.
 */
public final class MicrometerMonitoring implements Monitoring {
    private static final Logger LOG = LoggerFactory.getLogger(MicrometerMonitoring.class);
    private final MeterRegistry registry;

    public MicrometerMonitoring(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void logEvent(MonitoringEvent event) {
        try {
            Tags tags = Tags.of("orchestrator", event.orchestrator());
            String name = event.name();
            if (name.startsWith(MonitoringEvent.STEP_PREFIX)) {
                tags = tags.and("step", name.substring(MonitoringEvent.STEP_PREFIX.length()));
                name = "orchestrator.step";
            }
            tags = tags.and("event", name);
            for (String attribute : new String[] {"status", "error_type"}) {
                Object value = event.attributes().get(attribute);
                if (value != null) {
                    tags = tags.and(attribute, value.toString());
                }
            }
            registry.counter("orchestrator.events", tags).increment();
            LOG.debug("{} run_id={} orchestrator={} {}", event.name(), event.runId(), event.orchestrator(), event.attributes());
        } catch (RuntimeException e) {
            // Monitoring is best effort and must never fail a run, but the failure is reported.
            LOG.warn("monitoring event {} for run {} could not be recorded", event.name(), event.runId(), e);
        }
    }
}
