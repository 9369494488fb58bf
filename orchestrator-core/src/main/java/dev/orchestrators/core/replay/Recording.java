package dev.orchestrators.core.replay;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.replay.RecordedSideEffect.Outcome;
import dev.orchestrators.core.replay.RecordedSideEffect.RecordedError;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the audit recorded of one run: its final envelope, the outcome of each of its side effects by idempotency
 * key (deliveries, executors, compensators) and the status of each job it cancelled. Built from the run's audit
 * entries in the order they were written ({@link #of}); immutable once built.
 */
public final class Recording {
    private static final Set<String> PERFORMED = Set.of("performed", "sent", "compensated");
    private static final Set<String> PERFORMED_EARLIER = Set.of("repeated", "duplicate", "already_compensated");

    private final String runId;
    private final Envelope envelope;
    private final Map<String, RecordedSideEffect> sideEffects;
    private final Map<String, String> cancellations;

    private Recording(String runId, Envelope envelope, Map<String, RecordedSideEffect> sideEffects,
                      Map<String, String> cancellations) {
        this.runId = runId;
        this.envelope = envelope;
        this.sideEffects = Collections.unmodifiableMap(sideEffects);
        this.cancellations = Collections.unmodifiableMap(cancellations);
    }

    /** A run of which nothing was recorded. */
    public static Recording empty(String runId) {
        return new Recording(runId, null, Map.of(), Map.of());
    }

    /**
     * The recordings of every run in {@code entries}, by run id. Entries are read in order: the last final envelope
     * of a run is its final envelope; a side effect performed (now or earlier) stays performed whatever failed
     * attempts are recorded around it, and otherwise its last failure counts.
     */
    public static Map<String, Recording> of(Iterable<AuditRecord> entries) {
        Map<String, Builder> builders = new LinkedHashMap<>();
        for (AuditRecord entry : entries) {
            builders.computeIfAbsent(entry.runId(), Builder::new).add(entry);
        }
        Map<String, Recording> out = new LinkedHashMap<>();
        builders.forEach((runId, b) -> out.put(runId, b.build()));
        return out;
    }

    public String runId() {
        return runId;
    }

    /** The run's final envelope, as audited. */
    public Optional<Envelope> envelope() {
        return Optional.ofNullable(envelope);
    }

    /** The recorded outcome of the side effect with idempotency key {@code key}. */
    public Optional<RecordedSideEffect> sideEffect(String key) {
        return Optional.ofNullable(sideEffects.get(key));
    }

    /** Every recorded side effect, by idempotency key. */
    public Map<String, RecordedSideEffect> sideEffects() {
        return sideEffects;
    }

    /** The recorded status of the cancellation of job {@code jobId} ({@code cancelled}, {@code not_found}, ...). */
    public Optional<String> cancellation(String jobId) {
        return Optional.ofNullable(cancellations.get(jobId));
    }

    private static final class Builder {
        private final String runId;
        private Envelope envelope;
        private final Map<String, RecordedSideEffect> sideEffects = new HashMap<>();
        private final Map<String, String> cancellations = new HashMap<>();

        Builder(String runId) {
            this.runId = runId;
        }

        void add(AuditRecord entry) {
            Map<String, Object> d = entry.details();
            switch (entry.kind()) {
                case ENVELOPE -> envelope = entry.envelope();
                case SIDE_EFFECT, COMPENSATION -> sideEffect(text(d, "idempotency_key"), d, entry.kind() == AuditKind.COMPENSATION
                        ? text(d, "compensator") : text(d, "tool"), entry.kind() == AuditKind.COMPENSATION
                        ? text(d, "compensation_id") : text(d, "side_effect_id"));
                case DELIVERY -> sideEffect(text(d, "delivery_key"), d, null, text(d, "delivery_id"));
                case SCHEDULED_JOB -> {
                    String status = text(d, "status");
                    if (status != null && status.startsWith("cancel") || "not_found".equals(status)) {
                        cancellations.put(entry.subject(), status);
                    }
                }
                default -> {
                    // routes, validations and refusals are not answers a replay needs: it decides them again
                }
            }
        }

        private void sideEffect(String key, Map<String, Object> d, String tool, String id) {
            String outcome = text(d, "outcome");
            if (key == null || outcome == null) {
                return;
            }
            RecordedSideEffect before = sideEffects.get(key);
            if (before != null && before.outcome() != Outcome.FAILED) {
                return; // performed stays performed
            }
            if (PERFORMED.contains(outcome)) {
                sideEffects.put(key, new RecordedSideEffect(key, tool, Outcome.PERFORMED, id, answer(d), null));
            } else if (PERFORMED_EARLIER.contains(outcome)) {
                sideEffects.put(key, new RecordedSideEffect(key, tool, Outcome.PERFORMED_EARLIER, id, null, null));
            } else if ("failed".equals(outcome) && d.get("error") instanceof Map<?, ?> error) {
                FailureClass failureClass = "transient".equals(error.get("class")) ? FailureClass.TRANSIENT : FailureClass.PERMANENT;
                sideEffects.put(key, new RecordedSideEffect(key, tool, Outcome.FAILED, null, null, new RecordedError(failureClass,
                        String.valueOf(error.get("type")), String.valueOf(error.get("message")))));
            }
            // "disabled" and "compensation_failed" are decided again (the gate; the failed call's own entry)
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> answer(Map<String, Object> d) {
            return d.get("result") instanceof Map<?, ?> m ? (Map<String, Object>) m : null; // null: recorded without it
        }

        private static String text(Map<String, Object> d, String name) {
            Object value = d.get(name);
            return value == null ? null : value.toString();
        }

        Recording build() {
            return new Recording(runId, envelope, sideEffects, cancellations);
        }
    }
}
