package dev.orchestrators.streams.registry;

import org.apache.avro.Schema;

/**
 * A schema registry as the Kafka ecosystem shares it: subjects holding versions of schemas, each schema known by a
 * numeric id that goes on the wire ({@code 0x00}, the id as four big-endian bytes, the Avro binary). The runtime
 * talks to it through the Confluent-compatible REST API ({@link RestSchemaRegistry}), which Confluent Schema
 * Registry, Apicurio Registry ({@code /apis/ccompat/v7}), Karapace and Redpanda all serve.
 *
 * <p>Implementations are thread-safe and cache what cannot change (the schema of an id, the id of a schema under a
 * subject), so a flow asks the registry once per id and subject, not once per record.
 */
public interface SchemaRegistry {

    /**
     * Registers {@code schema} under {@code subject} (a new version, unless the subject already has it) and returns
     * its id. Idempotent.
     *
     * @throws SchemaRegistryRejectedException     when the registry refuses it (incompatible with the subject's
     *                                             compatibility rule, not authorised, invalid)
     * @throws SchemaRegistryUnavailableException  when the registry cannot be reached or fails
     */
    int register(String subject, Schema schema);

    /**
     * The id of {@code schema} as already registered under {@code subject}, without registering anything.
     *
     * @throws SchemaNotFoundException             when the subject does not have that schema
     * @throws SchemaRegistryRejectedException     when the registry refuses the request
     * @throws SchemaRegistryUnavailableException  when the registry cannot be reached or fails
     */
    int idOf(String subject, Schema schema);

    /**
     * The schema with id {@code id}.
     *
     * @throws SchemaNotFoundException             when no schema has that id, or it is not an Avro schema
     * @throws SchemaRegistryRejectedException     when the registry refuses the request
     * @throws SchemaRegistryUnavailableException  when the registry cannot be reached or fails
     */
    Schema schemaById(int id);

    /**
     * Whether {@code schema} could be registered under {@code subject} as its next version, by the subject's
     * compatibility rule, checked against its latest version; {@code true} when the subject has no version yet.
     *
     * @throws SchemaRegistryRejectedException     when the registry refuses the request
     * @throws SchemaRegistryUnavailableException  when the registry cannot be reached or fails
     */
    boolean isCompatible(String subject, Schema schema);
}
