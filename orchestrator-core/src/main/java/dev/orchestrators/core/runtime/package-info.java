/**
 * Which flows a process has, and how to run them in process without Kafka. Public API.
 * {@link dev.orchestrators.core.runtime.Registry} maps names to {@link dev.orchestrators.core.flow.Flow}s (built in
 * code, or loaded from every {@code FlowProvider} on a class path with
 * {@link dev.orchestrators.core.runtime.Registry#load}); every runtime, the Kafka one
 * ({@code dev.orchestrators.streams.OrchestratorRuntime}) included, runs what a registry holds.
 *
 * <p>{@link dev.orchestrators.core.runtime.Worker} takes jobs off a {@link dev.orchestrators.core.queue.JobQueue}
 * and runs them in process: the broker-less path and tests. {@link dev.orchestrators.core.runtime.CampaignManager}
 * turns incoming events into queued runs and owns the global {@code allow_delivery} switch.
 *
 * <pre>{@code
 * Registry registry = Registry.newBuilder().register(leadSync).build();
 * JobQueue queue = new InMemoryQueue();
 * queue.enqueue(new Job("lead_sync", Payload.of(Map.of("lead_id", "L-42")), Instant.now()));
 * Worker worker = new Worker(registry, queue, context);
 * worker.drain();                  // runs queued jobs, oldest first, until the queue is empty
 * }</pre>
 */
package dev.orchestrators.core.runtime;
