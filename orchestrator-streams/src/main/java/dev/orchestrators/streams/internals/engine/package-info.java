/**
 * Internal, not API (it may change without notice): the engine every flow's topology runs its requests on. Used by
 * {@code internals.shapes}, by {@code OrchestratorRuntime} and {@code security.TopicPlan} in this module, and by the
 * test driver.
 *
 * <ul>
 *   <li>{@link dev.orchestrators.streams.internals.engine.RunEngine}: runs a task's requests asynchronously and in key
 *       order; admission into the changelogged pending store
 *       ({@link dev.orchestrators.streams.internals.engine.PendingRequest}), answers, parked retries and
 *       back-pressure. Its class javadoc is the place to start.</li>
 *   <li>{@link dev.orchestrators.streams.internals.engine.FlowTaskProcessor}: what every shape's processor shares (the
 *       engine, the task's ledger and audit collector, writing envelopes, audit records and dead letters as
 *       {@link dev.orchestrators.streams.internals.engine.Output}s, branched by topic in
 *       {@link dev.orchestrators.streams.internals.engine.FlowOutputs}).</li>
 *   <li>{@link dev.orchestrators.streams.internals.engine.FlowSpec}: everything a flow's topology needs, computed once
 *       per flow.</li>
 *   <li>The per-task services a run is given: {@link dev.orchestrators.streams.internals.engine.TaskLedger} (the
 *       side-effect ledger in a changelogged window store),
 *       {@link dev.orchestrators.streams.internals.engine.RunAuditCollector} and
 *       {@link dev.orchestrators.streams.internals.engine.TaskJobScheduler} (both collect what a run writes, to be
 *       forwarded with its answer in one transaction).</li>
 *   <li>Dead letters ({@link dev.orchestrators.streams.internals.engine.DeadLetterHandler},
 *       {@link dev.orchestrators.streams.internals.engine.DeadLetters}) and the orderly shutdown
 *       ({@link dev.orchestrators.streams.internals.engine.ShutdownDrain}).</li>
 * </ul>
 */
package dev.orchestrators.streams.internals.engine;
