/**
 * The contract every orchestrator keeps and the parts every kind is built from. Public API.
 *
 * <ul>
 *   <li>{@link dev.orchestrators.core.orchestrator.Orchestrator}: takes a {@code Payload}, answers with an
 *       {@code Envelope}; {@code run} and {@code execute} for callers in process, {@code attempt} for runtimes, which
 *       match the returned {@link dev.orchestrators.core.orchestrator.RunOutcome} (answered, routed, compensation
 *       required, deferred, failed) exhaustively. An implementation is thread-safe and ends tool failures in a
 *       FAILED envelope, not an exception (see the interface's javadoc).</li>
 *   <li>{@link dev.orchestrators.core.orchestrator.OrchestratorContext}: the tools and services an orchestrator is
 *       built with (audit store, monitoring, clock, timer, delivery gate, side-effect ledger, job scheduler, meters,
 *       tracing), each with a safe default; {@link dev.orchestrators.core.orchestrator.ExecutionOptions}: how a
 *       runtime asks for one execution.</li>
 *   <li>{@link dev.orchestrators.core.orchestrator.Step}, {@link dev.orchestrators.core.orchestrator.StepContext},
 *       {@link dev.orchestrators.core.orchestrator.StepOutcome} and the factories of
 *       {@link dev.orchestrators.core.orchestrator.Steps}: what users write their own steps with. A step must not
 *       block, and reaches tools only through {@link dev.orchestrators.core.orchestrator.StepContext#call}, which
 *       enforces capabilities, retries and time-outs.</li>
 *   <li>{@link dev.orchestrators.core.orchestrator.OrchestratorBuilder},
 *       {@link dev.orchestrators.core.orchestrator.BaseOrchestrator} (the life cycle of a run) and
 *       {@link dev.orchestrators.core.orchestrator.RecordOrchestrator} (a kind that is also a step): the bases of the
 *       kinds in {@code dev.orchestrators.core.kinds}.</li>
 *   <li>{@link dev.orchestrators.core.orchestrator.Description} and
 *       {@link dev.orchestrators.core.orchestrator.OrchestratorSettings}: what an orchestrator declares about itself,
 *       checked at start-up and printed by {@code orchestrator flows}.</li>
 * </ul>
 *
 * <pre>{@code
 * OrchestratorContext context = OrchestratorContext.newBuilder().tools(tools).build();
 * Orchestrator leadSync = Coordinator.newBuilder("lead_sync")
 *     .capabilities(Capability.READ)
 *     .step(Steps.fetch("fetch_lead", "crm_reader", p -> Map.of("lead_id", p.get("lead_id")), "lead_id"))
 *     .build(context);
 * Envelope envelope = leadSync.run(Payload.of(Map.of("lead_id", "L-42")));
 * }</pre>
 */
package dev.orchestrators.core.orchestrator;
