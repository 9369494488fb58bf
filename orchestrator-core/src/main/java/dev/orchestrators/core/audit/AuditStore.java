package dev.orchestrators.core.audit;

import java.util.List;

/**
 * Durable record of what orchestrators did: every final envelope, every delivery outcome, every
 * refused tool call. The in-process store is {@link InMemoryAuditStore}; the Kafka runtime writes the
 * same records to the compacted {@code orchestrator.audit} topic.
 *
 * <p>Implementations must be thread-safe. {@link #append} must either persist the record or throw;
 * a failed audit write is never ignored. A store does not de-duplicate: an append retried after an error may
 * store a record twice, and readers keep the last record per {@link AuditRecord#key()}.
 * {@code AuditStoreContractTest} (core's test-jar) is the contract every implementation runs.
 */
public interface AuditStore {

    /**
     * Persists {@code record}.
     *
     * @throws NullPointerException when {@code record} is null
     */
    void append(AuditRecord record);

    /** Every record of {@code runId}, in append order: a snapshot that later appends do not change. */
    List<AuditRecord> forRun(String runId);
}
