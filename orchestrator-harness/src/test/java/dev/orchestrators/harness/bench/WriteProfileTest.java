package dev.orchestrators.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.harness.bench.WriteProfile.RecordTemplate;
import dev.orchestrators.harness.bench.WriteProfile.Template;
import dev.orchestrators.harness.bench.WriteProfile.Written;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What lead_sync writes, as profiled from read-back records, and envelope_identity writing it again. */
class WriteProfileTest {
    private static final List<String> KEYS = List.of("b-1000", "b-1001", "b-1002");

    @Test
    @DisplayName("a template has a hole wherever the request key was, and filling it with another key resizes the record")
    void shouldTemplateTheRequestKey() {
        // given
        Template t = Template.of(bytes("{\"run_id\":\"run-b-1000\",\"lead\":\"b-1000\"}"), bytes("b-1000"));

        // when
        byte[] filled = t.fill(bytes("b-7"));

        // then
        assertThat(t.holes()).isEqualTo(2);
        assertThat(new String(filled, StandardCharsets.UTF_8)).isEqualTo("{\"run_id\":\"run-b-7\",\"lead\":\"b-7\"}");
        assertThat(Template.of(bytes("no key here"), bytes("b-1000")).fill(bytes("x"))).isEqualTo(bytes("no key here"));
    }

    @Test
    @DisplayName("the profile counts records and sizes per topic and keeps one request's records as templates")
    void shouldProfileRecordsPerTopicAndRequest() {
        // given: per request one result, two audit records, one changelog record; the changelog key is binary
        Map<String, List<Written>> written = lead_syncLikeWrites(KEYS);

        // when
        WriteProfile profile = WriteProfile.of(written, KEYS, Map.of(".audit", Map.of("cleanup.policy", "compact")));

        // then
        assertThat(profile.topics()).extracting(WriteProfile.TopicWrites::role)
                .containsExactly("-app-ledger-changelog", ".audit", WriteProfile.RESULTS);
        WriteProfile.TopicWrites audit = profile.topics().get(1);
        assertThat(audit.recordsPerRequest()).isEqualTo(2.0);
        assertThat(audit.config()).containsEntry("cleanup.policy", "compact");
        assertThat(audit.headers()).containsExactly("run_id", "flow");
        assertThat(profile.recordsPerRequest()).isEqualTo(4.0);
        assertThat(profile.perRequest()).extracting(RecordTemplate::role)
                .containsExactly("-app-ledger-changelog", ".audit", ".audit", WriteProfile.RESULTS);
        assertThat(profile.perRequest().get(0).samePartitionAsRequest()).isTrue();
        assertThat(profile.perRequest().get(1).samePartitionAsRequest()).isFalse();
        assertThat(profile.notes()).isEmpty();
    }

    @Test
    @DisplayName("records that mention no request are counted but noted as not mirrored; keys of different lengths are refused")
    void shouldNoteRecordsItCannotTieToARequest() {
        Map<String, List<Written>> written = lead_syncLikeWrites(KEYS);
        written.get(".audit").add(new Written(bytes("unrelated"), null, Map.of()));

        WriteProfile profile = WriteProfile.of(written, KEYS, Map.of());

        assertThat(profile.notes()).singleElement().asString().contains("1 records on .audit");
        assertThatThrownBy(() -> WriteProfile.of(written, List.of("b-1", "b-10"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("envelope_identity writes, per request, the profiled records with the request's key: same topics, sizes and headers")
    void shouldWriteTheProfiledRecordsPerRequest() {
        // given
        WriteProfile profile = WriteProfile.of(lead_syncLikeWrites(KEYS), KEYS, Map.of());
        WorkloadSpec spec = new WorkloadSpec("localhost:1", "at_least_once", 1, "bench3-envelope_identity-alos",
                "bench3-envelope_identity-alos.requests", "bench3-envelope_identity-alos.results", java.nio.file.Path.of("/tmp/x"),
                Map.of(), Map.of());
        java.util.Properties props = new java.util.Properties();
        props.put("application.id", "test");
        props.put("bootstrap.servers", "localhost:1");

        try (TopologyTestDriver driver = new TopologyTestDriver(EnvelopeIdentityWorkload.topology(spec, profile), props)) {
            TestInputTopic<String, String> in = driver.createInputTopic(spec.inputTopic(), new StringSerializer(), new StringSerializer());
            // when
            in.pipeInput(new TestRecord<>("b-42", "{\"run_id\":\"run-b-42\"}", java.time.Instant.ofEpochMilli(1234)));

            // then
            TestOutputTopic<String, String> results = driver.createOutputTopic(spec.outputTopic(),
                    new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.StringDeserializer());
            TestRecord<String, String> result = results.readRecord();
            assertThat(result.key()).isEqualTo("b-42");
            assertThat(result.value()).isEqualTo("{\"envelope\":\"run-b-42\",\"lead\":\"b-42\"}");
            assertThat(result.timestamp()).as("the request's timestamp").isEqualTo(1234);
            assertThat(new String(result.headers().lastHeader("run_id").value(), StandardCharsets.UTF_8)).isEqualTo("run-b-42");
            List<TestRecord<String, String>> audit = driver.createOutputTopic(spec.id() + ".audit",
                    new org.apache.kafka.common.serialization.StringDeserializer(),
                    new org.apache.kafka.common.serialization.StringDeserializer()).readRecordsToList();
            assertThat(audit).extracting(TestRecord::key).containsExactly("run-b-42/lead_sync", "run-b-42/delivery/b-42");
            assertThat(driver.createOutputTopic(spec.id() + "-app-ledger-changelog",
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer()).readRecordsToList()).hasSize(1);
        }
    }

    /** Writes shaped like lead_sync's, for {@code keys}, in the order a run would leave them on their topics. */
    private static Map<String, List<Written>> lead_syncLikeWrites(List<String> keys) {
        Map<String, List<Written>> written = new LinkedHashMap<>();
        for (String k : keys) {
            Map<String, byte[]> headers = new LinkedHashMap<>();
            headers.put("run_id", bytes("run-" + k));
            headers.put("flow", bytes("lead_sync"));
            written.computeIfAbsent(WriteProfile.RESULTS, r -> new ArrayList<>()).add(new Written(bytes(k),
                    bytes("{\"envelope\":\"run-" + k + "\",\"lead\":\"" + k + "\"}"), headers));
            written.computeIfAbsent(".audit", r -> new ArrayList<>()).add(new Written(bytes("run-" + k + "/lead_sync"),
                    bytes("{\"kind\":\"ENVELOPE\",\"run_id\":\"run-" + k + "\"}"), headers));
            written.get(".audit").add(new Written(bytes("run-" + k + "/delivery/" + k),
                    bytes("{\"kind\":\"DELIVERY\",\"subject\":\"" + k + "\"}"), headers));
            byte[] windowed = java.util.Arrays.copyOf(bytes("run-" + k), k.length() + 4 + 12);
            windowed[windowed.length - 1] = 7;
            written.computeIfAbsent("-app-ledger-changelog", r -> new ArrayList<>()).add(new Written(windowed,
                    bytes("{\"effects\":{\"run-" + k + ":delivery:" + k + "\":{}}}"), Map.of()));
        }
        return written;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
