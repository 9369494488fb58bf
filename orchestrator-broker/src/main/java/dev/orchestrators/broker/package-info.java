/**
 * A real Apache Kafka broker inside the JVM, for tests, demos and the command line's {@code broker}: one node in
 * KRaft mode (broker and controller), built from Kafka's own server classes, reached by real clients over loopback.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.newBuilder().port(0).build().start()) {
 *     props.put("bootstrap.servers", broker.bootstrapServers());
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link dev.orchestrators.broker.EmbeddedKafkaBroker} is the one type to use (with
 * {@link dev.orchestrators.broker.EmbeddedBrokerException}, what it throws); the other classes of this package are
 * its parts, one concern each: choosing the ports ({@code BrokerPorts}), the server properties
 * ({@code ServerProperties}, {@code BrokerSecurity}), the data dir and its formatting ({@code DataDir},
 * {@code StorageFormatter}), the Kafka server itself ({@code InProcessServer}) and readiness
 * ({@code BrokerReadiness}, {@code ScramUsers}).
 *
 * <p>This module brings the whole Kafka server ({@code kafka_2.13}, Scala) onto the class path. The runtime library
 * ({@code orchestrator-streams}) does not depend on it: a program that runs flows connects to a cluster, and starts
 * a broker of this module itself when it wants one (as {@code bin/orchestrator} does when no cluster is given).
 * Depend on it at test scope, or from an application that runs a broker.
 */
package dev.orchestrators.broker;
