package dev.orchestrators.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.streams.config.RequestLimits;
import dev.orchestrators.streams.registry.SchemaRegistryUnavailableException;
import dev.orchestrators.streams.testing.AvroFrames;
import dev.orchestrators.streams.registry.InMemorySchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/** Avro requests are read as leniently as Avro's schema resolution allows, and as strictly as JSON ones otherwise. */
class AvroRequestDeserializerTest {
    private static final String TOPIC = "lead_sync.requests";
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final Deserializer<Request> deserializer = WireFormat.avro(registry,
            dev.orchestrators.streams.registry.SubjectNameStrategy.TOPIC, true).requestDeserializer(RequestLimits.DEFAULTS);

    /** A producer's own request schema: our fields in another order, and one of its own. */
    private static final Schema PRODUCERS = SchemaBuilder.record("LeadRequest").namespace("crm.events").fields()
            .requiredString("payload")
            .name("source").type().stringType().noDefault()
            .name("run_id").type().unionOf().nullType().and().stringType().endUnion().nullDefault()
            .endRecord();

    private byte[] request(String runId, String payloadJson) {
        int id = registry.register(TOPIC + "-value", AvroSchemas.REQUEST);
        GenericRecord value = new GenericData.Record(AvroSchemas.REQUEST);
        value.put("run_id", runId);
        value.put("payload", payloadJson);
        return AvroFrames.frame(id, AvroSchemas.REQUEST, value);
    }

    private Request read(byte[] bytes) {
        return deserializer.deserialize(TOPIC, bytes);
    }

    @Test
    void shouldReadTheRunIdAndThePayload() {
        Request request = read(request("r-1", "{\"lead_id\":\"L-1\",\"n\":2,\"tags\":[\"a\"]}"));

        assertThat(request.runId()).isEqualTo("r-1");
        assertThat(request.payload()).containsEntry("lead_id", "L-1").containsEntry("n", 2);
    }

    @Test
    void shouldReadARequestWrittenWithAProducersOwnCompatibleSchema() {
        int id = registry.add(PRODUCERS);
        GenericRecord value = new GenericData.Record(PRODUCERS);
        value.put("payload", "{\"lead_id\":\"L-2\"}");
        value.put("source", "crm");
        value.put("run_id", null);

        Request request = read(AvroFrames.frame(id, PRODUCERS, value));

        assertThat(request.runId()).isNull();
        assertThat(request.payload()).containsEntry("lead_id", "L-2");
    }

    @Test
    void shouldAskTheRegistryForEachSchemaIdOnce() {
        byte[] bytes = request("r-1", "{}");
        read(bytes);
        read(bytes);

        assertThat(registry.calls()).filteredOn(call -> call.startsWith("schema ")).hasSize(1);
    }

    @Test
    void shouldRejectAValueWithoutTheMagicByteSayingWhatItFound() {
        assertThatThrownBy(() -> read("{\"payload\":{}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("first byte 0x7b, not the magic byte 0x00");
        assertThatThrownBy(() -> read(new byte[] {0, 0, 1})).isInstanceOf(SerializationException.class)
                .hasMessageContaining("only 3 bytes");
    }

    @Test
    void shouldRejectAnIdTheRegistryDoesNotKnow() {
        byte[] bytes = request("r-1", "{}");
        bytes[4] = 99;

        assertThatThrownBy(() -> read(bytes)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 99");
    }

    @Test
    void shouldRejectATruncatedValue() {
        byte[] whole = request("r-1", "{\"lead_id\":\"L-1\"}");

        assertThatThrownBy(() -> read(Arrays.copyOf(whole, whole.length - 4))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("truncated or corrupt");
    }

    @Test
    void shouldRejectALengthLargerThanTheValueWithoutAllocatingIt() {
        // the run_id union says "string", then claims 1 GB of it (zig-zag varint of 2^30)
        byte[] header = Arrays.copyOf(request(null, "{}"), 5);
        byte[] hostile = new byte[] {header[0], header[1], header[2], header[3], header[4], 2, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, 0x08};

        assertThatThrownBy(() -> read(hostile)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("a string of 1073741824 bytes");
    }

    @Test
    void shouldRejectBytesAfterTheValue() {
        byte[] whole = request("r-1", "{}");
        byte[] longer = Arrays.copyOf(whole, whole.length + 3);

        assertThatThrownBy(() -> read(longer)).isInstanceOf(SerializationException.class).hasMessageContaining("3 bytes after");
    }

    @Test
    void shouldRejectAPayloadThatIsNotAJsonObject() {
        assertThatThrownBy(() -> read(request("r-1", "[1, 2]"))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("'payload' must be a JSON object");
        assertThatThrownBy(() -> read(request("r-1", "{not json"))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("'payload' is not valid JSON");
    }

    @Test
    void shouldKeepTheLimitsOfJsonRequests() {
        Deserializer<Request> strict = WireFormat.avro(registry, dev.orchestrators.streams.registry.SubjectNameStrategy.TOPIC, true)
                .requestDeserializer(new RequestLimits(200, 64, 8, 8, 1024, 4, 10, 1024));

        assertThatThrownBy(() -> strict.deserialize(TOPIC, request("r-1", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("orchestrator.limits.nesting.depth");
        assertThatThrownBy(() -> strict.deserialize(TOPIC, request("a-very-long-run-id", "{}")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("orchestrator.limits.run.id.length");
        assertThatThrownBy(() -> strict.deserialize(TOPIC, request("r", "{\"x\":\"" + "y".repeat(300) + "\"}")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("orchestrator.limits.request.bytes");
        assertThatThrownBy(() -> read(request(" ", "{}"))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("'run_id' must be a non-blank string");
    }

    @Test
    void shouldRejectAWriterSchemaThatCannotBeReadAsARequest() {
        Schema noPayload = SchemaBuilder.record("Ping").fields().requiredString("run_id").endRecord();
        int id = registry.add(noPayload);
        GenericRecord ping = new GenericData.Record(noPayload);
        ping.put("run_id", "r-1");

        assertThatThrownBy(() -> read(AvroFrames.frame(id, noPayload, ping))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot be read as a dev.orchestrators.avro.Request");
    }

    @Test
    void shouldRejectARecursiveWriterSchema() {
        Schema recursive = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Node\",\"fields\":["
                + "{\"name\":\"payload\",\"type\":\"string\"},"
                + "{\"name\":\"next\",\"type\":[\"null\",\"Node\"],\"default\":null}]}");
        int id = registry.add(recursive);
        GenericRecord node = new GenericData.Record(recursive);
        node.put("payload", "{}");

        assertThatThrownBy(() -> read(AvroFrames.frame(id, recursive, node))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("recursive");
    }

    @Test
    void shouldLeaveARegistryOutageToTheCallerRatherThanCallTheRequestMalformed() {
        byte[] bytes = request("r-1", "{}");
        InMemorySchemaRegistry down = new InMemorySchemaRegistry();
        down.unavailable(true);
        Deserializer<Request> reader = WireFormat.avro(down, dev.orchestrators.streams.registry.SubjectNameStrategy.TOPIC, true)
                .requestDeserializer(RequestLimits.DEFAULTS);

        assertThatThrownBy(() -> reader.deserialize(TOPIC, bytes)).isInstanceOf(SchemaRegistryUnavailableException.class);
    }
}
