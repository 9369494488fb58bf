/**
 * The executor kind: one reversible side effect per run, performed at most once per run id.
 *
 * <pre>{@code
 * Executor createLead = Executor.newBuilder("crm_create")
 *     .arguments((payload, records) -> Map.of("email", payload.get("email")))
 *     .compensator("crm_delete")                  // a saga calls it with {"id": <side_effect_id>}
 *     .build(context);
 * Envelope envelope = createLead.run(payload);    // records: [{key: "crm_create", fields: {side_effect_id, tool, compensator, ...}}]
 * }</pre>
 */
package dev.orchestrators.core.kinds.executor;
