package dev.orchestrators.core.monitoring;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One monitoring event: {@code orchestrator.start}, {@code orchestrator.step.<name>},
 * {@code orchestrator.success} or {@code orchestrator.error}. Immutable.
 *
 * @param attributes low-cardinality facts (status, attempts, error type); never payload data
 */
public record MonitoringEvent(String name, String runId, String orchestrator, Instant at, Map<String, Object> attributes) {

    public static final String START = "orchestrator.start";
    public static final String SUCCESS = "orchestrator.success";
    public static final String ERROR = "orchestrator.error";
    public static final String STEP_PREFIX = "orchestrator.step.";

    public MonitoringEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(orchestrator, "orchestrator");
        Objects.requireNonNull(at, "at");
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public static String step(String stepName) {
        return STEP_PREFIX + stepName;
    }
}
