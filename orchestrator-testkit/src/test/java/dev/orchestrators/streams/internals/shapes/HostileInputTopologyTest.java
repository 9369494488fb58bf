package dev.orchestrators.streams.internals.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tools;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.config.RequestLimits;
import dev.orchestrators.streams.internals.engine.DeadLetters;
import dev.orchestrators.testkit.FlowTestDriver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No input stops a partition: whatever a request contains, it ends as one envelope or one dead letter (with
 * its reason and, when it was never admitted, its original bytes), and the next request of its lane is still
 * answered.
 */
class HostileInputTopologyTest {
    private static final RequestLimits SMALL = new RequestLimits(2_000, 64, 32, 4, 256, 8, 3, 5_000);
    /** "echo" answers with {@code count} records of {@code size} characters each, or with something JSON cannot write. */
    private final Flow echo = Flow.newBuilder("echo").tools(InMemoryToolContainer.of(Tools.inMemory("echo", Capability.READ, call -> {
                int count = ((Number) call.arguments().getOrDefault("count", 1)).intValue();
                int size = ((Number) call.arguments().getOrDefault("size", 1)).intValue();
                if (Boolean.TRUE.equals(call.argument("unwritable"))) {
                    return Map.of("records", List.of(Map.of("id", "x", "value", new Object())));
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    rows.add(Map.of("id", "r" + i, "text", "x".repeat(size)));
                }
                return Map.of("records", rows);
            })))
            .orchestrator(ctx -> Coordinator.newBuilder("echo").capabilities(Capability.READ)
                    .step(Steps.fetch("echo", "echo", p -> p.data(), "id")).build(ctx))
            .build();
    private final FlowTestDriver flow = FlowTestDriver.newBuilder(echo).limits(SMALL).build();
    private final TestInputTopic<byte[], byte[]> raw = flow.driver().createInputTopic("echo.requests",
            new ByteArraySerializer(), new ByteArraySerializer());

    @AfterEach
    void close() {
        flow.close();
    }

    private void sendRaw(String key, byte[] value, RecordHeaders headers) {
        raw.pipeInput(new TestRecord<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, headers, (java.time.Instant) null));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends {@code value} with {@code key} and {@code headers}, then a good request with key {@code k} (the lane of
     * every hostile request but the oversize key's); checks that the one dead letter holds exactly the key and value
     * bytes that were sent and a reason naming {@code expectedReason}, and that the good request is still answered.
     */
    private void deadLetteredThenLaneGoesOn(String key, byte[] value, RecordHeaders headers, String expectedReason) {
        // when
        sendRaw(key, value, headers);
        flow.send("k", "{\"run_id\":\"after\",\"payload\":{\"count\":1}}");

        // then
        TestRecord<byte[], byte[]> deadLetter = flow.deadLetters().readRecord();
        assertThat(deadLetter.key()).as("the dead letter's key").isEqualTo(utf8(key));
        assertThat(deadLetter.value()).as("the dead letter's value is the original bytes").isEqualTo(value);
        String reason = Headers.lastValue(deadLetter.headers(), Headers.DLQ_REASON);
        assertThat(reason).as("the reason header").contains(expectedReason);
        assertThat(Headers.lastValue(deadLetter.headers(), DeadLetters.STREAMS_EXCEPTION)).isNotBlank();
        assertThat(Headers.lastValue(deadLetter.headers(), DeadLetters.STREAMS_MESSAGE)).isEqualTo(reason);
        assertThat(Headers.lastValue(deadLetter.headers(), DeadLetters.STREAMS_STACKTRACE)).isNotBlank();
        assertThat(Headers.lastValue(deadLetter.headers(), DeadLetters.STREAMS_TOPIC)).isEqualTo("echo.requests");
        assertThat(flow.deadLetters().isEmpty()).as("one dead letter").isTrue();
        List<Envelope> answered = flow.results().readValuesToList();
        assertThat(answered).extracting(Envelope::runId).as("the lane goes on").containsExactly("after");
    }

    private void deadLetteredThenLaneGoesOn(String json, String expectedReason) {
        deadLetteredThenLaneGoesOn("k", utf8(json), new RecordHeaders(), expectedReason);
    }

    @Test
    void shouldDeadLetterARequestOverTheSizeLimitWithItsOriginalBytes() {
        deadLetteredThenLaneGoesOn("{\"payload\":{\"pad\":\"" + "y".repeat(3_000) + "\"}}", "orchestrator.limits.request.bytes");
    }

    @Test
    void shouldDeadLetterJsonNestedDeeperThanTheLimit() {
        deadLetteredThenLaneGoesOn("{\"payload\":" + "{\"a\":".repeat(20) + "1" + "}".repeat(20) + "}",
                "orchestrator.limits.nesting.depth");
    }

    @Test
    void shouldDeadLetterARunIdLongerThanTheLimitInThePayloadOrInTheHeader() {
        deadLetteredThenLaneGoesOn("{\"run_id\":\"" + "r".repeat(40) + "\",\"payload\":{}}", "orchestrator.limits.run.id.length");
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.RUN_ID, utf8("h".repeat(40)));
        deadLetteredThenLaneGoesOn("k", utf8("{\"payload\":{}}"), headers, "orchestrator.limits.run.id.length");
    }

    @Test
    void shouldDeadLetterTooManyOrTooLargeHeadersAndAnOversizeKey() {
        RecordHeaders many = new RecordHeaders();
        for (int i = 0; i < 10; i++) {
            many.add("h" + i, new byte[] {1});
        }
        deadLetteredThenLaneGoesOn("k", utf8("{\"payload\":{}}"), many, "orchestrator.limits.headers");
        RecordHeaders large = new RecordHeaders();
        large.add("blob", new byte[1_000]);
        deadLetteredThenLaneGoesOn("k", utf8("{\"payload\":{}}"), large, "orchestrator.limits.header.bytes");
        deadLetteredThenLaneGoesOn("k".repeat(100), utf8("{\"payload\":{}}"), new RecordHeaders(), "orchestrator.limits.key.bytes");
    }

    @Test
    void shouldDeadLetterMalformedJsonInvalidUtf8AndTheWrongShape() {
        deadLetteredThenLaneGoesOn("{\"payload\":", "not valid JSON");
        deadLetteredThenLaneGoesOn("k", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, new RecordHeaders(),
                "not valid JSON");
        deadLetteredThenLaneGoesOn("[1,2,3]", "must be a JSON object");
        deadLetteredThenLaneGoesOn("{\"payload\":\"text\"}", "must be a JSON object");
        deadLetteredThenLaneGoesOn("k", null, new RecordHeaders(), "no value");
    }

    // A request refused after it was admitted is dead-lettered as admitted (re-serialised, so that copying it back
    // replays it); for the canonical JSON sent below that is byte for byte what was sent.

    @Test
    void shouldDeadLetterARequestWhoseEnvelopeHasTooManyRecords() {
        deadLetteredThenLaneGoesOn("{\"run_id\":\"many\",\"payload\":{\"count\":5}}", "orchestrator.limits.records.per.envelope");
    }

    @Test
    void shouldDeadLetterARequestWhoseEnvelopeIsTooLargeToProduce() {
        deadLetteredThenLaneGoesOn("{\"run_id\":\"large\",\"payload\":{\"count\":2,\"size\":2500}}",
                "orchestrator.limits.result.bytes");
    }

    @Test
    void shouldDeadLetterARequestWhoseEnvelopeCannotBeWrittenAsJson() {
        deadLetteredThenLaneGoesOn("{\"run_id\":\"odd\",\"payload\":{\"unwritable\":true}}", "cannot write Envelope as JSON for topic echo.results");
    }

    @Test
    void shouldAnswerANullKeyAndANonUtf8KeyLikeAnyOther() {
        // when
        sendRaw(null, "{\"run_id\":\"no-key\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
        raw.pipeInput(new TestRecord<>(new byte[] {(byte) 0xFF, (byte) 0xFE}, "{\"run_id\":\"odd-key\",\"payload\":{}}"
                .getBytes(StandardCharsets.UTF_8)));

        // then
        assertThat(flow.results().readValuesToList()).extracting(Envelope::runId, Envelope::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("no-key", RunStatus.OK),
                        org.assertj.core.groups.Tuple.tuple("odd-key", RunStatus.OK));
    }
}
