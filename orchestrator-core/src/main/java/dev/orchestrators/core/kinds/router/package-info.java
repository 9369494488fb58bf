/**
 * The router kind: chooses a sub-flow from the payload's content and answers with that sub-flow's envelope,
 * the decision in {@code metadata.details.route}. Rules are tried in declaration order, then an optional classifier
 * tool, then the default route; a request no route matches ends FAILED with type {@code NoRoute}, never dropped.
 * Public API.
 *
 * <pre>{@code
 * Router triage = Router.newBuilder("support_triage")
 *     .route("lead", "lead_intake")            // route name -> sub-flow name
 *     .route("support", "support_ticket")
 *     .rule("lead", p -> String.valueOf(p.get("subject")).toLowerCase().contains("pricing"))
 *     .classifier("email_classifier", p -> Map.of("text", p.get("body")), "label")
 *     .build(context);
 * }</pre>
 *
 * {@link dev.orchestrators.core.kinds.router.Router} states the contract; a decision is a
 * {@link dev.orchestrators.core.kinds.router.RouteDecision}. On the Kafka runtime a root router ends in a
 * {@link dev.orchestrators.core.orchestrator.RunOutcome.Routed} and the runtime passes the request to the sub-flow's
 * request topic; in process the sub-flow's orchestrator runs directly.
 */
package dev.orchestrators.core.kinds.router;
