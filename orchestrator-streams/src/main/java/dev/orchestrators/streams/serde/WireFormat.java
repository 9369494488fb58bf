package dev.orchestrators.streams.serde;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.streams.config.RequestLimits;
import dev.orchestrators.streams.registry.SchemaRegistry;
import dev.orchestrators.streams.registry.SubjectNameStrategy;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * How one flow's requests and envelopes are written on its topics: JSON (the default, {@link #json()}) or Avro in the
 * schema-registry wire format ({@link #avro}). The audit, compensation, job and telemetry topics are JSON whatever
 * the flow's format. See {@code docs/wire-format.md}.
 *
 * <p>Implementations are thread-safe.
 */
public interface WireFormat {

    /** The two formats. */
    enum Kind { JSON, AVRO }

    Kind kind();

    /**
     * Reads requests within {@code limits}; anything else is rejected with a
     * {@link org.apache.kafka.common.errors.SerializationException} saying why (the flow dead-letters it).
     */
    Deserializer<Request> requestDeserializer(RequestLimits limits);

    /**
     * {@code request} as a value of {@code topic} (a flow's request topic).
     *
     * @throws org.apache.kafka.common.errors.SerializationException when it cannot be written
     * @throws dev.orchestrators.core.errors.OrchestratorException    when the schema registry refuses or fails
     */
    byte[] serializeRequest(String topic, Request request);

    /**
     * {@code envelope} as a value of {@code topic} (a flow's result topic, or a router's it replies on).
     *
     * @throws org.apache.kafka.common.errors.SerializationException when it cannot be written
     * @throws dev.orchestrators.core.errors.OrchestratorException    when the schema registry refuses or fails
     */
    byte[] serializeEnvelope(String topic, Envelope envelope);

    /**
     * Makes sure envelopes (when {@code envelopes}) or requests can be written to {@code topic}, so a flow fails at
     * start, not on its first answer: for Avro, the schema is registered (or looked up) under the topic's subject.
     *
     * @throws dev.orchestrators.core.errors.ConfigurationException naming the subject and the registry when not
     */
    default void prepare(String topic, boolean envelopes) {
    }

    /** Plain JSON (UTF-8, snake_case), readable by any client. */
    static WireFormat json() {
        return JsonWireFormat.INSTANCE;
    }

    /**
     * Avro binary framed as the registry wire format (byte 0, the schema id as 4 big-endian bytes, the Avro binary),
     * with schemas resolved through {@code registry}.
     *
     * @param subjects     which subject a topic's values are registered under
     * @param autoRegister register the runtime's schemas when writing ({@code true}), or only look their ids up
     */
    static WireFormat avro(SchemaRegistry registry, SubjectNameStrategy subjects, boolean autoRegister) {
        return new AvroWireFormat(registry, subjects, autoRegister);
    }
}
