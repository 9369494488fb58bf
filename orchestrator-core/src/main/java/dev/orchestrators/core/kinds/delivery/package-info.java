/**
 * The delivery kind: sends each upstream record through a SEND tool, safely. Nothing is sent while the
 * context's {@link dev.orchestrators.core.orchestrator.DeliveryGate} ({@code allow_delivery}) is closed, which is
 * the default: the run ends DISABLED. Each record is sent at most once per run (its delivery key is claimed in the
 * side-effect ledger before sending) and every outcome is audited. Public API.
 *
 * <pre>{@code
 * OrchestratorContext context = OrchestratorContext.newBuilder()
 *     .tools(tools)
 *     .deliveryGate(DeliveryGate.open())       // default: closed, nothing is sent
 *     .build();
 * DeliveryOrchestrator delivery = DeliveryOrchestrator.newBuilder("email_sender")   // the SEND tool it calls
 *     .build(context);                         // named "delivery" unless .name(...) says otherwise
 * }</pre>
 *
 * {@link dev.orchestrators.core.kinds.delivery.DeliveryOrchestrator} states the contract, including what the tool
 * receives ({@code delivery_key}, {@code record_key}, {@code fields}) and must answer (a {@code delivery_id}).
 */
package dev.orchestrators.core.kinds.delivery;
