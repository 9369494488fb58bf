/**
 * The sampler kind: best-effort telemetry snapshots of a deterministic sample of runs.
 *
 * <pre>{@code
 * Orchestrator observed = Sampler.newBuilder()
 *     .rate(0.05)                                  // the same 5% of run ids, every time
 *     .sink(snapshot -> telemetry.publish(snapshot))
 *     .meterRegistry(registry)
 *     .around(leadSync)
 *     .build(context);
 * }</pre>
 *
 * A Kafka topology that samples envelopes itself reuses the decision through
 * {@link dev.orchestrators.core.kinds.sampler.Sampler#snapshotIfSampled}.
 */
package dev.orchestrators.core.kinds.sampler;
