package dev.orchestrators.streams.serde;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.streams.config.RequestLimits;
import dev.orchestrators.streams.registry.SchemaRegistry;
import dev.orchestrators.streams.registry.SubjectNameStrategy;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The Avro wire format: values are {@code 0x00}, the schema id (4 bytes, big-endian) and the Avro binary, the framing
 * Confluent's, Apicurio's (with 4-byte ids), Karapace's and Redpanda's serializers share. Writing resolves the id of
 * {@link AvroSchemas#REQUEST} or {@link AvroSchemas#ENVELOPE} under the topic's subject (registering it when
 * {@code autoRegister}); reading takes the writer's schema by the id on the record and resolves it against ours.
 * Thread-safe; ids come from the registry's caches after the first use of each subject.
 */
final class AvroWireFormat implements WireFormat {
    private final SchemaRegistry registry;
    private final SubjectNameStrategy subjects;
    private final boolean autoRegister;

    AvroWireFormat(SchemaRegistry registry, SubjectNameStrategy subjects, boolean autoRegister) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.subjects = Objects.requireNonNull(subjects, "subjects");
        this.autoRegister = autoRegister;
    }

    @Override
    public Kind kind() {
        return Kind.AVRO;
    }

    @Override
    public Deserializer<Request> requestDeserializer(RequestLimits limits) {
        return new AvroRequestDeserializer(registry, limits);
    }

    @Override
    public byte[] serializeRequest(String topic, Request request) {
        return AvroEncoding.frame(idFor(topic, AvroSchemas.REQUEST), AvroEncoding.request(request));
    }

    @Override
    public byte[] serializeEnvelope(String topic, Envelope envelope) {
        return AvroEncoding.frame(idFor(topic, AvroSchemas.ENVELOPE), AvroEncoding.envelope(envelope));
    }

    @Override
    public void prepare(String topic, boolean envelopes) {
        Schema schema = envelopes ? AvroSchemas.ENVELOPE : AvroSchemas.REQUEST;
        try {
            idFor(topic, schema);
        } catch (OrchestratorException e) {
            throw new ConfigurationException("cannot " + (autoRegister ? "register" : "find") + " schema " + schema.getFullName()
                    + " under subject '" + subjects.subject(topic, schema) + "' of " + registry + " for topic " + topic
                    + (autoRegister ? "" : " (schema.registry.auto.register.schemas is false: register it first)")
                    + ": " + e.getMessage(), e);
        }
    }

    private int idFor(String topic, Schema schema) {
        String subject = subjects.subject(topic, schema);
        return autoRegister ? registry.register(subject, schema) : registry.idOf(subject, schema);
    }

    @Override
    public String toString() {
        return "avro (" + registry + ", subjects " + subjects.configName() + ")";
    }
}
