package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.streams.internals.engine.DeadLetters;

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
 * its reason and, when it was never admitted, its original bytes), and the next request of the same key is
 * still answered.
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

    /** Sends {@code hostile} and then a good request with the same key; returns the dead letter's reason. */
    private String deadLetteredThenLaneGoesOn(Runnable hostile, String expectedInReason) {
        hostile.run();
        flow.send("k", "{\"run_id\":\"after\",\"payload\":{\"count\":1}}");
        var deadLetter = flow.deadLetters().readRecord();
        String reason = Headers.lastValue(deadLetter.headers(), Headers.DLQ_REASON);
        assertThat(reason).contains(expectedInReason);
        assertThat(Headers.lastValue(deadLetter.headers(), DeadLetters.STREAMS_EXCEPTION)).isNotBlank();
        assertThat(Headers.lastValue(deadLetter.headers(), DeadLetters.STREAMS_MESSAGE)).isEqualTo(reason);
        assertThat(Headers.lastValue(deadLetter.headers(), DeadLetters.STREAMS_STACKTRACE)).isNotBlank();
        assertThat(Headers.lastValue(deadLetter.headers(), DeadLetters.STREAMS_TOPIC)).isEqualTo("echo.requests");
        assertThat(flow.deadLetters().isEmpty()).as("one dead letter").isTrue();
        List<Envelope> answered = flow.results().readValuesToList();
        assertThat(answered).extracting(Envelope::runId).as("the lane goes on").containsExactly("after");
        return reason;
    }

    @Test
    void shouldDeadLetterARequestOverTheSizeLimitWithItsOriginalBytes() {
        byte[] big = ("{\"payload\":{\"pad\":\"" + "y".repeat(3_000) + "\"}}").getBytes(StandardCharsets.UTF_8);
        deadLetteredThenLaneGoesOn(() -> sendRaw("k", big, new RecordHeaders()), "orchestrator.limits.request.bytes");
    }

    @Test
    void shouldDeadLetterJsonNestedDeeperThanTheLimit() {
        String deep = "{\"payload\":" + "{\"a\":".repeat(20) + "1" + "}".repeat(20) + "}";
        deadLetteredThenLaneGoesOn(() -> flow.send("k", deep), "orchestrator.limits.nesting.depth");
    }

    @Test
    void shouldDeadLetterARunIdLongerThanTheLimitInThePayloadOrInTheHeader() {
        deadLetteredThenLaneGoesOn(() -> flow.send("k", "{\"run_id\":\"" + "r".repeat(40) + "\",\"payload\":{}}"),
                "orchestrator.limits.run.id.length");
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.RUN_ID, "h".repeat(40).getBytes(StandardCharsets.UTF_8));
        deadLetteredThenLaneGoesOn(() -> sendRaw("k", "{\"payload\":{}}".getBytes(StandardCharsets.UTF_8), headers),
                "orchestrator.limits.run.id.length");
    }

    @Test
    void shouldDeadLetterTooManyOrTooLargeHeadersAndAnOversizeKey() {
        RecordHeaders many = new RecordHeaders();
        for (int i = 0; i < 10; i++) {
            many.add("h" + i, new byte[] {1});
        }
        deadLetteredThenLaneGoesOn(() -> sendRaw("k", "{\"payload\":{}}".getBytes(StandardCharsets.UTF_8), many),
                "orchestrator.limits.headers");
        RecordHeaders large = new RecordHeaders();
        large.add("blob", new byte[1_000]);
        deadLetteredThenLaneGoesOn(() -> sendRaw("k", "{\"payload\":{}}".getBytes(StandardCharsets.UTF_8), large),
                "orchestrator.limits.header.bytes");
        deadLetteredThenLaneGoesOn(() -> sendRaw("k".repeat(100), "{\"payload\":{}}".getBytes(StandardCharsets.UTF_8),
                new RecordHeaders()), "orchestrator.limits.key.bytes");
    }

    @Test
    void shouldDeadLetterMalformedJsonInvalidUtf8AndTheWrongShape() {
        deadLetteredThenLaneGoesOn(() -> sendRaw("k", "{\"payload\":".getBytes(StandardCharsets.UTF_8), new RecordHeaders()), "not valid JSON");
        deadLetteredThenLaneGoesOn(() -> sendRaw("k", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                new RecordHeaders()), "not valid JSON");
        deadLetteredThenLaneGoesOn(() -> flow.send("k", "[1,2,3]"), "must be a JSON object");
        deadLetteredThenLaneGoesOn(() -> flow.send("k", "{\"payload\":\"text\"}"), "must be a JSON object");
        deadLetteredThenLaneGoesOn(() -> sendRaw("k", null, new RecordHeaders()), "no value");
    }

    @Test
    void shouldDeadLetterARequestWhoseEnvelopeHasTooManyRecords() {
        deadLetteredThenLaneGoesOn(() -> flow.send("k", "{\"run_id\":\"many\",\"payload\":{\"count\":5}}"),
                "orchestrator.limits.records.per.envelope");
    }

    @Test
    void shouldDeadLetterARequestWhoseEnvelopeIsTooLargeToProduce() {
        deadLetteredThenLaneGoesOn(() -> flow.send("k", "{\"run_id\":\"large\",\"payload\":{\"count\":2,\"size\":2500}}"),
                "orchestrator.limits.result.bytes");
    }

    @Test
    void shouldDeadLetterARequestWhoseEnvelopeCannotBeWrittenAsJson() {
        deadLetteredThenLaneGoesOn(() -> flow.send("k", "{\"run_id\":\"odd\",\"payload\":{\"unwritable\":true}}"), "");
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
