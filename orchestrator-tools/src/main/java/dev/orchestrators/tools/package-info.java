/**
 * Real-tool adapters configured by settings, and what every adapter shares. Public API: the SPI that the adapter
 * modules ({@code orchestrator-tools-sql}, {@code -http}, {@code -mail}, {@code -s3}, {@code -vector}) implement, and
 * what a host (the command line) uses to configure them.
 *
 * <ul>
 *   <li>{@link dev.orchestrators.tools.ToolFactory} is the SPI behind {@code tool.<name>.type}: registered in
 *       {@code META-INF/services/dev.orchestrators.tools.ToolFactory}, with a public no-argument constructor,
 *       stateless, it lists its keys and makes a {@link dev.orchestrators.tools.ToolAdapter} from a tool's
 *       {@link dev.orchestrators.tools.ToolSettings} (see its javadoc).</li>
 *   <li>{@link dev.orchestrators.tools.ToolAdapter} is a tool that talks to a real system and owns resources. Every
 *       adapter keeps the contract its javadoc states: it never blocks the calling thread, classifies its client's
 *       failures, passes WRITE and SEND calls' {@code idempotency_key} on, reports an outcome it cannot know as
 *       {@code IndeterminateOutcome}, and never shows a secret.</li>
 *   <li>{@link dev.orchestrators.tools.ConfiguredTools} makes every tool the settings configure and puts them in
 *       front of a flow's own tools.</li>
 *   <li>For adapter authors: {@link dev.orchestrators.tools.BlockingCalls} runs a blocking client off the caller's
 *       thread with a bounded queue, {@link dev.orchestrators.tools.AdapterMeters} are the adapters' meters,
 *       {@link dev.orchestrators.tools.ToolCalls} reads a call's common arguments and
 *       {@link dev.orchestrators.tools.ToolHealth} is a health check's verdict.</li>
 * </ul>
 *
 * <pre>{@code
 * try (ConfiguredTools tools = ConfiguredTools.from(settings)) {      // tool.<name>.type=sql-query, ...
 *     Registry configured = tools.applyTo(registry);                   // flows call the real adapters by name
 *     ...                                                              // run the flows; closing closes the adapters
 * }
 * }</pre>
 * {@link dev.orchestrators.tools.ToolDocs} generates the tool section of {@code docs/configuration.md}.
 */
package dev.orchestrators.tools;
