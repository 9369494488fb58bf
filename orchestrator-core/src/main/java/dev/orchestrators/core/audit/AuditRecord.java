package dev.orchestrators.core.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orchestrators.core.envelope.Envelope;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One audit entry. Immutable.
 *
 * <p>{@link #key()} identifies what the entry is final for: one envelope per run and orchestrator,
 * one delivery outcome per run and delivery key, one refusal per run, orchestrator and tool. A
 * compacted audit topic keyed by it keeps exactly the final entry of each.
 *
 * @param envelope the final envelope (for {@link AuditKind#ENVELOPE}), otherwise {@code null}
 * @param details  kind-specific facts (delivery key and outcome, refused tool and capability)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
        @JsonProperty("kind") AuditKind kind,
        @JsonProperty("run_id") String runId,
        @JsonProperty("flow") String flow,
        @JsonProperty("orchestrator") String orchestrator,
        @JsonProperty("subject") String subject,
        @JsonProperty("at") Instant at,
        @JsonProperty("envelope") Envelope envelope,
        @JsonProperty("details") Map<String, Object> details) {

    public AuditRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(orchestrator, "orchestrator");
        Objects.requireNonNull(at, "at");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
        if (kind == AuditKind.ENVELOPE && envelope == null) {
            throw new IllegalArgumentException("an ENVELOPE audit record needs the envelope");
        }
    }

    /** The final envelope of a run. */
    public static AuditRecord ofEnvelope(Envelope envelope, Instant at) {
        return new AuditRecord(AuditKind.ENVELOPE, envelope.runId(), envelope.metadata().flow(),
                envelope.metadata().orchestrator(), null, at, envelope, Map.of());
    }

    /** The compaction key: {@code run_id/orchestrator} for envelopes, plus kind and subject for other entries. */
    @JsonIgnore
    public String key() {
        String base = runId + "/" + orchestrator;
        return kind == AuditKind.ENVELOPE ? base : base + "/" + kind.name().toLowerCase(java.util.Locale.ROOT) + "/" + subject;
    }
}
