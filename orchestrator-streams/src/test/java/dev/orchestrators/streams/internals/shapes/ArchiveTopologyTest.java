package dev.orchestrators.streams.internals.shapes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Metadata;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.kinds.archiver.ArchiveEntry;
import dev.orchestrators.core.kinds.archiver.InMemoryArchiveStore;
import dev.orchestrators.core.monitoring.MonitoringEvent;
import dev.orchestrators.core.monitoring.RecordingMonitoring;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.JsonSerde;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The archiver: final envelopes from the audit topic into the archive, durable before the offsets commit. */
class ArchiveTopologyTest {
    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private final InMemoryArchiveStore archive = new InMemoryArchiveStore();
    private final RecordingMonitoring monitoring = new RecordingMonitoring();
    private final TopologyTestDriver driver = new TopologyTestDriver(
            ArchiveTopology.build(TopicNames.AUDIT, partition -> archive, monitoring), props());
    private final TestInputTopic<String, byte[]> audit = driver.createInputTopic(TopicNames.AUDIT, new StringSerializer(),
            (topic, value) -> value);

    private static Properties props() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "archiver-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return props;
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private static byte[] envelopeEntry(String runId) {
        Envelope envelope = new Envelope(new Metadata(runId, "lead_sync", "lead_sync", RunStatus.OK, false, false, null, null,
                1, T0, T0, List.of()), List.of());
        return JsonSerde.auditRecord().serializer().serialize("t", AuditRecord.ofEnvelope(envelope, T0));
    }

    @Test
    void shouldArchiveEveryFinalEnvelopeDurablyBeforeItsOffsetIsCommitted() {
        // when
        audit.pipeInput("run-1/lead_sync", envelopeEntry("run-1"));
        audit.pipeInput("run-2/lead_sync", envelopeEntry("run-2"));

        // then each was appended and synced when the driver committed
        assertThat(archive.durableEntries()).extracting(ArchiveEntry::key).containsExactly("run-1/lead_sync", "run-2/lead_sync");
        assertThat(archive.durableEntries().get(0).envelopeText()).contains("\"run_id\":\"run-1\"").contains("\"status\":\"OK\"");
        assertThat(archive.syncCalls()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldArchiveOnlyEnvelopesAndSkipWhatIsNotAnAuditRecord() {
        // when
        AuditRecord delivery = new AuditRecord(AuditKind.DELIVERY, "run-3", "lead_sync", "delivery", "L-1", T0, null,
                Map.of("outcome", "sent"));
        audit.pipeInput("run-3/delivery/delivery/L-1", JsonSerde.auditRecord().serializer().serialize("t", delivery));
        audit.pipeInput("garbage", "{not json".getBytes());
        audit.pipeInput("run-3/lead_sync", envelopeEntry("run-3"));

        // then
        assertThat(archive.durableEntries()).extracting(ArchiveEntry::key).containsExactly("run-3/lead_sync");
    }

    @Test
    void shouldAlertAndFailTheCommitWhenTheArchiveCannotBeMadeDurableAndNotDuplicateOnTheRetry() {
        // given a sync that fails once
        archive.failNextSyncs(1);

        // when the commit after the first record fails, and the record is read again (as after a thread restart)
        assertThatThrownBy(() -> audit.pipeInput("run-4/lead_sync", envelopeEntry("run-4"))).hasStackTraceContaining("durable");
        audit.pipeInput("run-4/lead_sync", envelopeEntry("run-4"));

        // then
        assertThat(monitoring.events()).extracting(MonitoringEvent::name).contains(MonitoringEvent.ALERT);
        assertThat(monitoring.events()).filteredOn(e -> e.name().equals(MonitoringEvent.ALERT))
                .extracting(e -> e.attributes().get("alert")).containsOnly("archive_write_failed");
        assertThat(archive.durableEntries()).extracting(ArchiveEntry::key).containsExactly("run-4/lead_sync");
    }
}
