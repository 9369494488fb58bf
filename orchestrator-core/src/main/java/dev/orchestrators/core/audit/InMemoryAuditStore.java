package dev.orchestrators.core.audit;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** A thread-safe, in-memory {@link AuditStore} for tests and the broker-less smoke path. */
public final class InMemoryAuditStore implements AuditStore {
    private final List<AuditRecord> records = new CopyOnWriteArrayList<>();

    /** @throws NullPointerException when {@code record} is null (kept, it would break every later read) */
    @Override
    public void append(AuditRecord record) {
        records.add(Objects.requireNonNull(record, "record"));
    }

    @Override
    public List<AuditRecord> forRun(String runId) {
        return records.stream().filter(r -> r.runId().equals(runId)).toList();
    }

    /** Every record, in append order. */
    public List<AuditRecord> records() {
        return List.copyOf(records);
    }

    /** Only the final envelopes. */
    public List<AuditRecord> envelopes() {
        return records.stream().filter(r -> r.kind() == AuditKind.ENVELOPE).toList();
    }
}
