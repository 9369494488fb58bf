/**
 * The Kafka runtime: runs the flows of a {@code Registry} as Kafka Streams applications, one per flow, reading
 * {@code <flow>.requests} and writing envelopes to {@code <flow>.results}, audit entries to the compacted audit topic
 * and what cannot be processed to {@code <flow>.dlq}. Public API: what an application embedding the runtime calls.
 *
 * <ul>
 *   <li>{@link dev.orchestrators.streams.OrchestratorRuntime}: starts the flows, reports their
 *       {@link dev.orchestrators.streams.RuntimeHealth}, and stops them (runs in flight are drained or handed
 *       over).</li>
 *   <li>{@link dev.orchestrators.streams.FlowPlan}: what running a flow takes, derived from its declaration alone: its
 *       {@link dev.orchestrators.streams.FlowShape}, the topics it reads and writes (each a
 *       {@link dev.orchestrators.streams.TopicRequirement}) and its state stores; {@code orchestrator flows}, topic
 *       provisioning and the ACLs of {@code dev.orchestrators.streams.security} are derived from it.</li>
 *   <li>{@link dev.orchestrators.streams.TopicNames} and {@link dev.orchestrators.streams.Headers}: the topic layout
 *       and the record headers, for clients that publish requests and read answers.</li>
 * </ul>
 *
 * <pre>{@code
 * try (OrchestratorRuntime runtime = OrchestratorRuntime.start(registry, context, new OrchestratorConfig(props))) {
 *     runtime.awaitRunning(Duration.ofSeconds(60));
 *     ...                                  // produce to TopicNames.requests("lead_sync"), read TopicNames.results(...)
 * }
 * }</pre>
 *
 * Configuration is in {@code dev.orchestrators.streams.config}, the wire formats in
 * {@code dev.orchestrators.streams.serde}. How the runtime works is in {@code dev.orchestrators.streams.internals.*},
 * which is not API: nothing public here names one of its types (an ArchUnit rule keeps it so).
 */
package dev.orchestrators.streams;
