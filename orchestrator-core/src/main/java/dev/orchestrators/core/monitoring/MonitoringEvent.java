package dev.orchestrators.core.monitoring;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One monitoring event: {@code orchestrator.start}, {@code orchestrator.step.<name>},
 * {@code orchestrator.success}, {@code orchestrator.error} or {@code orchestrator.alert}. Immutable.
 *
 * @param attributes low-cardinality facts (status, attempts, error type); never payload data
 */
public record MonitoringEvent(String name, String runId, String orchestrator, Instant at, Map<String, Object> attributes) {

    public static final String START = "orchestrator.start";
    public static final String SUCCESS = "orchestrator.success";
    public static final String ERROR = "orchestrator.error";
    public static final String STEP_PREFIX = "orchestrator.step.";
    /**
     * Something an operator must look at (an archive write that failed); attribute {@code alert} names
     * what, in a stable low-cardinality word such as {@code archive_write_failed}.
     */
    public static final String ALERT = "orchestrator.alert";

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
