/**
 * Where orchestrators report what they do, as events: {@code orchestrator.start}, {@code orchestrator.step.<name>},
 * {@code orchestrator.success}, {@code orchestrator.error} and {@code orchestrator.alert}
 * ({@link dev.orchestrators.core.monitoring.MonitoringEvent}). Public API.
 *
 * <p>{@link dev.orchestrators.core.monitoring.Monitoring} is the SPI: best effort, an implementation is thread-safe,
 * never throws into the run and never blocks (see its javadoc).
 * {@link dev.orchestrators.core.monitoring.MicrometerMonitoring} counts the events in a Micrometer registry;
 * {@link dev.orchestrators.core.monitoring.RecordingMonitoring} keeps them for tests to inspect.
 * {@link dev.orchestrators.core.monitoring.SharedMeterState} is plumbing, not for users: the state behind gauges that
 * core's and the Kafka runtime's meters share on one registry.
 */
package dev.orchestrators.core.monitoring;
