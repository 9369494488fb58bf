/**
 * Runs waiting for a worker, and follow-ups waiting for their time. Public API.
 *
 * <ul>
 *   <li>{@link dev.orchestrators.core.queue.JobQueue} of {@link dev.orchestrators.core.queue.Job}s: where runs wait
 *       for a {@code Worker}; {@link dev.orchestrators.core.queue.InMemoryQueue} in process. On the Kafka runtime the
 *       flow's request topic plays this part.</li>
 *   <li>{@link dev.orchestrators.core.queue.JobScheduler} of {@link dev.orchestrators.core.queue.ScheduledJob}s:
 *       where a {@code Scheduler} puts the follow-ups it plans;
 *       {@link dev.orchestrators.core.queue.InMemoryJobScheduler} fires them on a timer into a job queue (not
 *       durable). The Kafka runtime keeps them in a changelogged store and emits each once, when due.</li>
 * </ul>
 * Both are SPIs whose implementations are thread-safe (see their javadoc); every job scheduler runs
 * {@code JobSchedulerContractTest} of core's test-jar.
 */
package dev.orchestrators.core.queue;
