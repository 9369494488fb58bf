/**
 * The coordinator kind: runs steps in sequence, each on the records of the one before, and emits one envelope.
 * The first step that fails stops the run (FAILED, that step in {@code metadata.error}); a step that halts (a
 * validator, a closed delivery gate) stops it with its status. Public API: most flows are a coordinator.
 *
 * <pre>{@code
 * Coordinator leadSync = Coordinator.newBuilder("lead_sync")
 *     .capabilities(Capability.READ)
 *     .requirePayloadFields("lead_id")     // a non-blank string each, checked before any tool is called
 *     .step(Steps.fetch("fetch_lead", "data_coordinator", p -> Map.of("lead_id", p.get("lead_id")), "lead_id"))
 *     .step(enricher)                      // any Step: another kind, or one made by Steps
 *     .step(delivery)
 *     .build(context);
 * }</pre>
 *
 * {@link dev.orchestrators.core.kinds.coordinator.Coordinator} states the contract; steps are
 * {@link dev.orchestrators.core.orchestrator.Step}s, commonly made with
 * {@link dev.orchestrators.core.orchestrator.Steps}.
 */
package dev.orchestrators.core.kinds.coordinator;
