/**
 * Tools: the operational agents orchestrators call (a database read, a vector search, an email send), by name and
 * never directly. Public API.
 *
 * <p>{@link dev.orchestrators.core.tool.Tool} is the SPI users implement: {@code invoke} must not block the calling
 * thread, an implementation is thread-safe, and failures complete the stage with a {@code TransientException} or
 * {@code PermanentException} so the retry policy knows what to do (see its javadoc). Each tool declares a
 * {@link dev.orchestrators.core.tool.Capability} (READ, WRITE, SEND); a call to a tool whose capability the calling
 * orchestrator did not declare is refused before the tool runs. {@link dev.orchestrators.core.tool.ToolContainer}
 * is where orchestrators find tools (thread-safe for reads; every implementation runs
 * {@code ToolContainerContractTest} of core's test-jar), {@link dev.orchestrators.core.tool.InMemoryToolContainer}
 * the usual one. A call is a {@link dev.orchestrators.core.tool.ToolCall}, its answer a
 * {@link dev.orchestrators.core.tool.ToolResult}.
 *
 * <pre>{@code
 * Tool lookup = Tools.inMemory("company_lookup", Capability.READ, call -> Map.of("company", "Acme"));
 * Tool crm = Tools.blocking("crm_write", Capability.WRITE, call -> crmClient.upsert(call.arguments()), ioPool);
 * ToolContainer tools = InMemoryToolContainer.of(lookup, crm);
 * }</pre>
 *
 * {@link dev.orchestrators.core.tool.Tools} turns functions into tools; {@link dev.orchestrators.core.tool.LimitedTool}
 * puts one behind the concurrency and rate limits of {@link dev.orchestrators.core.tool.ToolLimits}.
 */
package dev.orchestrators.core.tool;
