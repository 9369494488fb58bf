package dev.orchestrators.streams.internals.engine;

import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.audit.AuditStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audit store a task gives its orchestrator: it holds each run's audit records until the task
 * forwards them to the audit topic together with the run's envelope, in the same transaction.
 * Thread-safe: orchestrators append from tool threads, the stream thread drains.
 */
public final class RunAuditCollector implements AuditStore {
    private final Map<String, List<AuditRecord>> byRun = new ConcurrentHashMap<>();

    @Override
    public void append(AuditRecord record) {
        byRun.compute(record.runId(), (id, list) -> {
            // Synchronized: forRun copies it from another thread, outside the map's lock for this run.
            List<AuditRecord> updated = list == null ? Collections.synchronizedList(new ArrayList<>()) : list;
            updated.add(record);
            return updated;
        });
    }

    @Override
    public List<AuditRecord> forRun(String runId) {
        List<AuditRecord> list = byRun.get(runId);
        return list == null ? List.of() : List.copyOf(list);
    }

    /** Removes and returns the records of {@code runId}. */
    public List<AuditRecord> drain(String runId) {
        List<AuditRecord> list = byRun.remove(runId);
        return list == null ? List.of() : list;
    }
}
