/**
 * What side effects each run has performed, by idempotency key, so that a repeated attempt (a retry, a resumed or
 * redelivered run, a run recomputed by another instance) never performs one twice. Deliveries, executors and
 * compensators claim a key before calling their tool and record the outcome after it. Public API.
 *
 * <p>{@link dev.orchestrators.core.ledger.SideEffectLedger} is the SPI: an implementation is thread-safe and its
 * {@code claim} is atomic per key (see its javadoc, which also says what the ledger does not cover); every
 * implementation runs {@code SideEffectLedgerContractTest} of core's test-jar.
 * {@link dev.orchestrators.core.ledger.InMemorySideEffectLedger} serves tests and the broker-less path; the Kafka
 * runtime keeps a changelogged ledger per task. A recorded effect is a
 * {@link dev.orchestrators.core.ledger.SideEffect}.
 */
package dev.orchestrators.core.ledger;
