/**
 * The durable record of what orchestrators did: every final envelope, every delivery outcome, every refused tool
 * call and the other decisions of {@link dev.orchestrators.core.audit.AuditKind}, as
 * {@link dev.orchestrators.core.audit.AuditRecord}s. Public API.
 *
 * <p>{@link dev.orchestrators.core.audit.AuditStore} is the SPI: an implementation is thread-safe, and
 * {@code append} either persists the record or throws, never ignores a failed write (see its javadoc); every
 * implementation runs {@code AuditStoreContractTest} of core's test-jar.
 * {@link dev.orchestrators.core.audit.InMemoryAuditStore} serves tests and the broker-less path; the Kafka runtime
 * writes the same records to the compacted {@code orchestrator.audit} topic, and {@code orchestrator-tools-sql}
 * has a JDBC store.
 */
package dev.orchestrators.core.audit;
