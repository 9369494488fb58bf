package dev.orchestrators.core.replay;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Recordings of run {@code run-1} for the replay contract tests, written as the audit writes them. */
final class ReplayRecordings {
    static final String RUN = "run-1";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private ReplayRecordings() {
    }

    /** Every run's recording is empty: a replay of runs nothing was recorded of. */
    static Function<String, Recording> nothingRecorded() {
        return Recording::empty;
    }

    /** {@code entries} as the recordings of their runs; a run without entries has an empty recording. */
    static Function<String, Recording> recorded(AuditRecord... entries) {
        Map<String, Recording> recordings = Recording.of(List.of(entries));
        return runId -> recordings.getOrDefault(runId, Recording.empty(runId));
    }

    /** Side effect {@code key} of {@code tool} in run-1 ended {@code outcome}, with {@code more} details. */
    static AuditRecord sideEffect(String tool, String key, String outcome, Map<String, Object> more) {
        Map<String, Object> details = new java.util.LinkedHashMap<>(more);
        details.put("tool", tool);
        details.put("idempotency_key", key);
        details.put("outcome", outcome);
        return new AuditRecord(AuditKind.SIDE_EFFECT, RUN, "lead_sync", "crm_sync", key, T0, null, details);
    }

    /** Run-1's cancellation of {@code jobId} was answered {@code status}. */
    static AuditRecord cancellation(String jobId, String status) {
        return new AuditRecord(AuditKind.SCHEDULED_JOB, RUN, "reminders", "reminders", jobId, T0, null,
                Map.of("job_id", jobId, "status", status));
    }
}
