package dev.orchestrators.tools.s3;

import static dev.orchestrators.tools.s3.LocalS3Archive.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.json.Json;
import dev.orchestrators.core.kinds.archiver.ArchiveEntry;
import dev.orchestrators.core.kinds.archiver.Archiver;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.monitoring.MonitoringEvent;
import dev.orchestrators.core.monitoring.RecordingMonitoring;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.tools.AdapterMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The core {@link Archiver} over an {@link S3ArchiveStore} on a real S3 server, end to end. */
class S3ArchiverTest extends OnLocalS3 {
    private static final Payload PAYLOAD = new Payload("run-1", Map.of("lead_id", "L-1"));
    private final RecordingMonitoring monitoring = new RecordingMonitoring();

    private S3ArchiveStore open(Map<String, String> settings) {
        return S3ArchiveStore.newBuilder(S3ArchiveSettings.from(settings)).client(client)
                .meters(AdapterMeters.of(new SimpleMeterRegistry(), "archive", "s3-archive")).build();
    }

    private OrchestratorContext context(FailureClassifier classifier) {
        return OrchestratorContext.newBuilder().delays(new RecordingDelays()).random(() -> 0.5).monitoring(monitoring)
                .classifier(classifier).build();
    }

    private static Orchestrator leadSync(OrchestratorContext context) {
        return Coordinator.newBuilder("lead_sync")
                .step(Steps.of("load", (step, records) -> CompletableFuture.completedFuture(StepOutcome.proceed(List.of(
                        EnvelopeRecord.of("L-1", Map.of("email", "ada@example.com"), step.provenance(null, "produced", 1)))))))
                .build(context);
    }

    @Test
    void shouldCompleteTheRunOnlyOnceItsEnvelopeIsInS3() throws Exception {
        // given
        Map<String, String> settings = LocalS3Archive.settings(s3);
        OrchestratorContext context = context(FailureClassifier.ofDefaults());
        Envelope envelope;

        // when
        try (S3ArchiveStore store = open(settings)) {
            envelope = Archiver.newBuilder(store).around(leadSync(context)).build(context).run(PAYLOAD);
        }

        // then the object holds the envelope exactly as it was on the wire
        assertThat(entries(s3, settings.get("archive.s3.prefix"))).singleElement().satisfies(entry -> {
            assertThat(entry.key()).isEqualTo("run-1/lead_sync");
            assertThat(Json.mapper().readValue(entry.envelopeJson(), Envelope.class)).isEqualTo(envelope);
        });
    }

    @Test
    void shouldStopAtTheFirstAttemptOnAPermanentFailure() {
        // given a bucket that does not exist (a permanent failure, which the default classifier respects)
        OrchestratorContext context = context(FailureClassifier.ofDefaults());
        S3ArchiveStore store = open(LocalS3Archive.settings(s3, "bucket", "missing-bucket"));
        Archiver archiver = Archiver.newBuilder(store).around(leadSync(context)).build(context);

        // when / then
        assertThatThrownBy(() -> archiver.run(PAYLOAD)).isInstanceOf(S3ArchiveException.class)
                .hasMessageContaining("NoSuchBucket");
        assertThat(monitoring.events()).filteredOn(e -> e.name().equals(MonitoringEvent.ALERT))
                .extracting(e -> e.attributes().get("error_type")).containsExactly("NoSuchBucket");
        assertThat(store.pendingEntries()).isEqualTo(1);
        s3.createBucket("missing-bucket");
        store.close();
        assertThat(s3.keys("missing-bucket")).hasSize(1);
    }

    @Test
    void shouldRetryATransientFailureUntilTheStoreIsDurable() {
        // given a server that is down for the first attempt
        Map<String, String> settings = LocalS3Archive.settings(s3);
        OrchestratorContext context = context(FailureClassifier.ofDefaults());
        List<ArchiveEntry> archived;
        try (S3ArchiveStore store = open(settings)) {
            Archiver archiver = Archiver.newBuilder(store).around(leadSync(context)).build(context);
            s3.stop();
            CompletableFuture<Envelope> run = archiver.execute(PAYLOAD, dev.orchestrators.core.orchestrator.ExecutionOptions.defaults())
                    .toCompletableFuture();
            // the default policy's attempts run back to back (RecordingDelays skips the waits) and all fail
            assertThat(run).failsWithin(java.time.Duration.ofSeconds(20));
            s3.start();

            // when the request is delivered again (the runtime did not acknowledge it)
            archiver.run(PAYLOAD);
            archived = entries(s3, settings.get("archive.s3.prefix"));
        }

        // then the entry is archived once
        assertThat(archived).extracting(ArchiveEntry::key).containsExactly("run-1/lead_sync");
        assertThat(monitoring.events()).filteredOn(e -> e.name().equals(MonitoringEvent.ALERT))
                .extracting(e -> e.attributes().get("error_type")).isNotEmpty().containsOnly("ConnectionLost");
    }
}
