package dev.orchestrators.core.monitoring;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event in memory so tests can inspect them. Thread-safe. */
public final class RecordingMonitoring implements Monitoring {
    private final List<MonitoringEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void logEvent(MonitoringEvent event) {
        events.add(event);
    }

    public List<MonitoringEvent> events() {
        return List.copyOf(events);
    }

    /** The names of the events of {@code runId}, in order. */
    public List<String> namesFor(String runId) {
        return events.stream().filter(e -> e.runId().equals(runId)).map(MonitoringEvent::name).toList();
    }
}
