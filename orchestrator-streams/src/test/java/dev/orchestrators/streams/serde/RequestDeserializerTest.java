package dev.orchestrators.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Metadata;
import dev.orchestrators.core.envelope.RunStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RequestDeserializerTest {
    private final RequestDeserializer deserializer = new RequestDeserializer();

    private Request read(String json) {
        return deserializer.deserialize("f.requests", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadTheRunIdAndThePayload() {
        Request request = read("{\"run_id\":\"r-1\",\"payload\":{\"lead_id\":\"L-1\",\"n\":2},\"extra\":true}");

        assertThat(request.runId()).isEqualTo("r-1");
        assertThat(request.payload()).containsEntry("lead_id", "L-1").containsEntry("n", 2);
    }

    @Test
    void shouldAcceptARequestWithoutRunId() {
        assertThat(read("{\"payload\":{}}").runId()).isNull();
    }

    @Test
    void shouldRejectANonStringRunIdAndSayWhy() {
        assertThatThrownBy(() -> read("{\"run_id\":5,\"payload\":{}}")).isInstanceOf(SerializationException.class)
                .hasMessageContaining("'run_id' must be a non-blank string");
    }

    @Test
    void shouldRejectAPayloadThatIsNotAnObjectAndSayWhere() {
        assertThatThrownBy(() -> read("{\"payload\":[1,2]}")).isInstanceOf(SerializationException.class)
                .hasMessageContaining("payload");
    }

    @Test
    void shouldRejectAJsonArray() {
        assertThatThrownBy(() -> read("[]")).isInstanceOf(SerializationException.class)
                .hasMessageContaining("must be a JSON object");
    }

    @Test
    void shouldSpliceAnAlreadySerialisedEnvelopeIntoAnAuditRecordThatReadsBackEqual() {
        Instant at = Instant.parse("2026-11-25T10:00:00Z");
        Envelope envelope = new Envelope(new Metadata("r-1", "f", "f", RunStatus.OK, false, false, null, null, 1, at, at,
                List.of()), List.of());
        AuditRecord record = AuditRecord.ofEnvelope(envelope, at);
        byte[] envelopeJson = JsonSerde.envelope().serializer().serialize("t", envelope);

        byte[] spliced = JsonSerde.auditRecordWithEnvelope(record, envelopeJson);

        assertThat(JsonSerde.auditRecord().deserializer().deserialize("t", spliced)).isEqualTo(record);
        assertThat(new String(spliced, StandardCharsets.UTF_8)).contains(new String(envelopeJson, StandardCharsets.UTF_8));
    }
}
