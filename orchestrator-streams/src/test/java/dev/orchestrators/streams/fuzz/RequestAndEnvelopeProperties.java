package dev.orchestrators.streams.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Metadata;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.streams.serde.JsonSerde;
import dev.orchestrators.streams.serde.Request;
import dev.orchestrators.streams.serde.RequestDeserializer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.apache.kafka.common.errors.SerializationException;

/** The request deserializer and the envelope writer, fed generated input. */
class RequestAndEnvelopeProperties {
    private final RequestDeserializer deserializer = new RequestDeserializer();

    @Provide
    Arbitrary<byte[]> requests() {
        return HostileBytes.requestValues();
    }

    @Provide
    Arbitrary<Map<String, Object>> payloads() {
        return HostileBytes.payloads();
    }

    @Property(tries = 500)
    void shouldReadARequestOrRefuseItWithASerializationExceptionAndNothingElse(@ForAll("requests") byte[] value) {
        try {
            Request request = deserializer.deserialize("t.requests", value);
            assertThat(request.payload()).isNotNull();
        } catch (SerializationException refused) {
            assertThat(refused.getMessage()).startsWith("request on t.requests");
        }
    }

    @Property(tries = 300)
    void shouldReadEveryWellFormedRequestItsPayloadIntact(@ForAll("payloads") Map<String, Object> payload) {
        byte[] value = HostileBytes.json(Map.of("run_id", "r-1", "payload", payload));

        Request request = deserializer.deserialize("t.requests", value);

        assertThat(request.runId()).isEqualTo("r-1");
        assertThat(HostileBytes.json(request.payload())).isEqualTo(HostileBytes.json(payload));
    }

    @Property(tries = 300)
    void shouldWriteAnyEnvelopeAndReadItBackUnchanged(@ForAll("payloads") Map<String, Object> fields) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        Envelope envelope = new Envelope(new Metadata("run", "f", "f", RunStatus.OK, false, false, null, null, 1, at, at,
                List.of(), Map.of("detail", fields)), List.of(EnvelopeRecord.of("k", fields,
                new Provenance("f", "s", "t", "produced", "run", at, 1, 0.83))));

        byte[] written = JsonSerde.envelope().serializer().serialize("t", envelope);
        Envelope read = JsonSerde.envelope().deserializer().deserialize("t", written);

        assertThat(HostileBytes.json(read)).isEqualTo(written);
    }
}
