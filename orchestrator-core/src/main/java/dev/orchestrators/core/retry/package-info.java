/**
 * How transient tool failures are retried. Public API.
 * {@link dev.orchestrators.core.retry.RetryPolicy} says how often and how patiently (attempts, exponential back-off,
 * cap, jitter); orchestrators take one through their builder's {@code retryPolicy(...)}.
 * {@link dev.orchestrators.core.retry.DelayScheduler} is how a back-off is waited for without holding a thread (an
 * implementation is thread-safe; {@code ManualTime} is one that tests control).
 * {@link dev.orchestrators.core.retry.RetryDeferredException} is the signal that a back-off is longer than a
 * runtime lets a run wait in memory: the orchestrator returns it as a {@code RunOutcome.Deferred} and the runtime
 * retries the run durably later.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.newBuilder()
 *     .maxAttempts(5).initialDelay(Duration.ofMillis(100)).multiplier(2).maxDelay(Duration.ofSeconds(5))
 *     .build();
 * Enricher enricher = Enricher.newBuilder("enrichment_service").retryPolicy(policy).build(context);
 * }</pre>
 */
package dev.orchestrators.core.retry;
