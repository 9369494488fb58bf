package dev.orchestrators.core.audit;

import java.util.List;

/**
 * Durable record of what orchestrators did: every final envelope, every delivery outcome, every
 * refused tool call. The in-process store is {@link InMemoryAuditStore}; the Kafka runtime writes the
 * same records to the compacted {@code orchestrator.audit} topic.
 *
 * <p>Implementations must be thread-safe. {@link #append} must either persist the record or throw;
 * a failed audit write is never ignored.
 */
public interface AuditStore {

    /** Persists {@code record}. */
    void append(AuditRecord record);

    /** Every record of {@code runId}, in append order. */
    List<AuditRecord> forRun(String runId);
}
