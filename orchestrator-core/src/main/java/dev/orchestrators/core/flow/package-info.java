/**
 * Flows, and how a process is given them. A {@link dev.orchestrators.core.flow.Flow} names an orchestrator and the
 * tools it is given; {@link dev.orchestrators.core.flow.FlowCheck} checks its composition before the first request
 * (every named tool exists and fits the declared capabilities; side effects that need validated input have a
 * validator in front of them). Public API.
 *
 * <p>{@link dev.orchestrators.core.flow.FlowProvider} is the SPI that contributes flows to a host
 * ({@code bin/orchestrator run --flows-jar my-flows.jar}), found through {@link java.util.ServiceLoader}; it is told
 * the host's settings as a {@link dev.orchestrators.core.flow.FlowEnvironment}. An implementation has a public
 * no-argument constructor, is registered in {@code META-INF/services/dev.orchestrators.core.flow.FlowProvider}, and
 * throws a {@code ConfigurationException} naming why when it cannot build its flows (see its javadoc).
 *
 * <pre>{@code
 * Tool crm = Tools.inMemory("crm_reader", Capability.READ,
 *     call -> Map.of("lead_id", call.requireString("lead_id"), "email", "ada@acme.example"));
 * Flow leadSync = Flow.newBuilder("lead_sync")
 *     .description("fetch a lead")
 *     .tools(InMemoryToolContainer.of(crm))
 *     .orchestrator(ctx -> Coordinator.newBuilder("lead_sync")
 *         .capabilities(Capability.READ)             // the tools it may call; FlowCheck holds it to that
 *         .step(Steps.fetch("fetch_lead", "crm_reader", p -> Map.of("lead_id", p.get("lead_id")), "lead_id"))
 *         .build(ctx))
 *     .build();
 * }</pre>
 */
package dev.orchestrators.core.flow;
