/**
 * The validator: business-rule checks (fraud, policy, risk) that run before heavy work and can
 * short-circuit a flow with {@code metadata.blocked=true} and the blocking rule in {@code metadata.reason}.
 *
 * <pre>{@code
 * Validator screening = Validator.newBuilder("lead_screening")
 *     .rule("has_consent", p -> Boolean.TRUE.equals(p.get("consent")) ? Optional.empty() : Optional.of("no consent"))
 *     .maxScore("risk_score", "risk_service", p -> Map.of("email", p.get("email")), "score", 0.80)
 *     .build(context);
 * Coordinator flow = Coordinator.newBuilder("lead_sync")
 *     .step(screening)     // BLOCKED here: nothing after it runs
 *     .step(fetchLead)
 *     .step(delivery)
 *     .build(context);
 * }</pre>
 */
package dev.orchestrators.core.kinds.validator;
