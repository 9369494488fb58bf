package dev.orchestrators.core.kinds.aggregator;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.OrchestratorException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An aggregation that could not produce an envelope: every source failed or timed out
 * ({@code AllSourcesFailed}), or a source failed while the aggregator requires all of them
 * ({@code RequiredSourceFailed}).
 *
 * <p>Its class is transient when at least one of the failures was (a time-out, a tool that stayed
 * unavailable through its retries): retrying the run may then succeed. Otherwise it is permanent.
 * {@link #details()} carries the per-source report ({@code sources}), so the FAILED envelope still says
 * which source failed how.
 */
public final class SourcesFailedException extends OrchestratorException {
    /** The type when no source answered. */
    public static final String ALL_SOURCES_FAILED = "AllSourcesFailed";
    /** The type when a source failed under {@code requireAll()}. */
    public static final String REQUIRED_SOURCE_FAILED = "RequiredSourceFailed";

    private final FailureClass failureClass;
    private final Map<String, Object> sources;

    SourcesFailedException(String type, String message, FailureClass failureClass, Map<String, Object> sources) {
        super(type, message, null);
        this.failureClass = failureClass;
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    @Override
    public FailureClass failureClass() {
        return failureClass;
    }

    /** {@code {"sources": {source: {"status": ..., "records": n, "error": {...}}}}}. */
    @Override
    public Map<String, Object> details() {
        return Map.of(Aggregator.SOURCES_DETAIL, sources);
    }

    /** The per-source report, by source name in declaration order. */
    public Map<String, Object> sources() {
        return sources;
    }
}
