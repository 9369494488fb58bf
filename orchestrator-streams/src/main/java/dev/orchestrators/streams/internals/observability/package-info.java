/**
 * Internal, not API (it may change without notice): how the runtime observes itself. Used by
 * {@code OrchestratorRuntime} and the engine. What users see of it is documented in {@code docs/observability.md}
 * (meters, endpoints, traces) and exposed through {@code OrchestratorRuntime.health()}.
 *
 * <p>{@link dev.orchestrators.streams.internals.observability.RuntimeObservability} owns it all: the meter registry,
 * each flow's {@link dev.orchestrators.streams.internals.observability.FlowMeters}, the Kafka Streams health
 * ({@link dev.orchestrators.streams.internals.observability.HealthTracker}), the HTTP endpoint of {@code /metrics} and
 * {@code /health/*} ({@link dev.orchestrators.streams.internals.observability.ObservabilityServer}) and the
 * OpenTelemetry the runs are traced with ({@link dev.orchestrators.streams.internals.observability.OtlpTracing} when
 * exporting). {@link dev.orchestrators.streams.internals.observability.AttemptSpans} are the spans of each attempt
 * an engine runs; {@link dev.orchestrators.streams.internals.observability.KafkaTelemetrySink} publishes sampled
 * telemetry to its topic.
 */
package dev.orchestrators.streams.internals.observability;
