/**
 * The runtime's configuration. Public API. {@link dev.orchestrators.streams.config.OrchestratorConfig} defines every
 * key (a constant, a doc string, a type, a default, a validator), fails a bad value at start-up naming its key, and
 * passes {@code streams.}-prefixed keys to Kafka Streams; {@code docs/configuration.md} is generated from it.
 * {@link dev.orchestrators.streams.config.ClientSecurity} turns the security keys ({@code security.protocol},
 * {@code sasl.*}, {@code ssl.*}) into the properties of every client the runtime makes, secrets hidden;
 * {@link dev.orchestrators.streams.config.RequestLimits} are the {@code orchestrator.limits.*} that protect the
 * runtime from what a request can contain.
 *
 * <pre>{@code
 * Properties props = new Properties();
 * props.put(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");
 * props.put(OrchestratorConfig.FLOWS_CONFIG, "lead_sync");
 * OrchestratorConfig config = new OrchestratorConfig(props);    // throws ConfigException naming a bad key
 * }</pre>
 */
package dev.orchestrators.streams.config;
