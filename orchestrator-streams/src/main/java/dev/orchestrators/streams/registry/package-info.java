/**
 * Schema registries: the {@link dev.orchestrators.streams.registry.SchemaRegistry} contract and its client of the
 * Confluent-compatible REST API, {@link dev.orchestrators.streams.registry.RestSchemaRegistry}, which Confluent Schema
 * Registry, Apicurio Registry ({@code /apis/ccompat/v7}), Karapace and Redpanda serve. Flows configured with
 * {@code orchestrator.wire.format=avro} resolve their schemas here:
 *
 * <pre>{@code
 * orchestrator.wire.format=avro
 * schema.registry.url=http://registry:8081
 * schema.registry.basic.auth.user.info=user:secret        # optional
 * }</pre>
 *
 * <p>{@link dev.orchestrators.streams.registry.InMemorySchemaRegistry} is the registry for tests (no server).
 */
package dev.orchestrators.streams.registry;
