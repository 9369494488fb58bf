package dev.orchestrators.streams.serde;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.streams.config.RequestLimits;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** The JSON wire format: {@link RequestDeserializer} in, Jackson out. */
final class JsonWireFormat implements WireFormat {
    static final JsonWireFormat INSTANCE = new JsonWireFormat();
    private static final Serializer<Envelope> ENVELOPE = JsonSerde.envelope().serializer();
    private static final Serializer<Request> REQUEST = JsonSerde.of(Request.class).serializer();

    private JsonWireFormat() {
    }

    @Override
    public Kind kind() {
        return Kind.JSON;
    }

    @Override
    public Deserializer<Request> requestDeserializer(RequestLimits limits) {
        return new RequestDeserializer(limits);
    }

    @Override
    public byte[] serializeRequest(String topic, Request request) {
        return REQUEST.serialize(topic, request);
    }

    @Override
    public byte[] serializeEnvelope(String topic, Envelope envelope) {
        return ENVELOPE.serialize(topic, envelope);
    }

    @Override
    public String toString() {
        return "json";
    }
}
