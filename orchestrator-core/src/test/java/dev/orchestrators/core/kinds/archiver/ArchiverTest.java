package dev.orchestrators.core.kinds.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.json.Json;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.monitoring.MicrometerMonitoring;
import dev.orchestrators.core.monitoring.Monitoring;
import dev.orchestrators.core.monitoring.MonitoringEvent;
import dev.orchestrators.core.monitoring.RecordingMonitoring;
import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.time.ManualTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing is acknowledged before the envelope is durable; failed writes alert and are retried. */
class ArchiverTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Payload PAYLOAD = new Payload("run-1", Map.of("lead_id", "L-1"));

    private final InMemoryArchiveStore store = new InMemoryArchiveStore();
    private final RecordingMonitoring monitoring = new RecordingMonitoring();
    private final RecordingDelays delays = new RecordingDelays();

    private OrchestratorContext context(Monitoring events) {
        return OrchestratorContext.newBuilder().clock(Clock.fixed(T0, ZoneOffset.UTC)).delays(delays)
                .random(() -> 0.5).monitoring(events).build();
    }

    private static Orchestrator leadSync(OrchestratorContext context) {
        return Coordinator.newBuilder("lead_sync")
                .step(Steps.of("load", (step, records) -> CompletableFuture.completedFuture(StepOutcome.proceed(List.of(
                        EnvelopeRecord.of("L-1", Map.of("email", "ada@example.com"), step.provenance(null, "produced", 1)))))))
                .build(context);
    }

    private Archiver archiver(ArchiveStore target, OrchestratorContext context) {
        return Archiver.newBuilder(target).around(leadSync(context)).executor(Runnable::run).build(context);
    }

    private List<MonitoringEvent> alerts() {
        return monitoring.events().stream().filter(e -> e.name().equals(MonitoringEvent.ALERT)).toList();
    }

    @Test
    void shouldReturnTheInnerEnvelopeUnchangedOnceItIsDurable() throws Exception {
        // given
        OrchestratorContext context = context(monitoring);
        Envelope direct = leadSync(context).run(PAYLOAD);

        // when
        Envelope archived = archiver(store, context).run(PAYLOAD);

        // then
        assertThat(archived).isEqualTo(direct);
        assertThat(archived.metadata().orchestrator()).isEqualTo("lead_sync");
        assertThat(store.durableEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.key()).isEqualTo("run-1/lead_sync");
            assertThat(entry.flow()).isEqualTo("lead_sync");
            assertThat(entry.archivedAt()).isEqualTo(T0);
            assertThat(Json.mapper().readValue(entry.envelopeJson(), Envelope.class)).isEqualTo(archived);
        });
        assertThat(alerts()).isEmpty();
    }

    @Test
    void shouldRetryAFailedSyncAppendingTheSameEntryAndAlertOnEveryFailedAttempt() {
        // given
        store.failNextSyncs(2);

        // when
        Envelope envelope = archiver(store, context(monitoring)).run(PAYLOAD);

        // then
        assertThat(envelope.status()).isEqualTo(RunStatus.OK);
        assertThat(store.durableEntries()).extracting(ArchiveEntry::key).containsExactly("run-1/lead_sync");
        assertThat(store.appendCalls()).isEqualTo(3);
        assertThat(delays.delays()).hasSize(2);
        assertThat(alerts()).extracting(MonitoringEvent::attributes).containsExactly(
                Map.of("alert", "archive_write_failed", "error_type", "ArchiveException", "attempt", 1),
                Map.of("alert", "archive_write_failed", "error_type", "ArchiveException", "attempt", 2));
        assertThat(alerts()).allSatisfy(e -> {
            assertThat(e.runId()).isEqualTo("run-1");
            assertThat(e.orchestrator()).isEqualTo("archiver");
        });
    }

    @Test
    void shouldRetryAFailedAppend() {
        // given
        store.failNextAppends(2);

        // when
        Envelope envelope = archiver(store, context(monitoring)).run(PAYLOAD);

        // then
        assertThat(envelope.status()).isEqualTo(RunStatus.OK);
        assertThat(store.durableEntries()).hasSize(1);
        assertThat(alerts()).hasSize(2);
    }

    @Test
    void shouldNotCompleteBeforeTheEnvelopeIsDurable() {
        // given a sync that fails once, and time that stands still
        store.failNextSyncs(1);
        ManualTime time = ManualTime.startingAt(T0);
        OrchestratorContext context = OrchestratorContext.newBuilder().time(time).random(() -> 0.5).monitoring(monitoring).build();

        // when
        CompletableFuture<Envelope> run = archiver(store, context).execute(PAYLOAD, ExecutionOptions.defaults()).toCompletableFuture();

        // then the run waits for the back-off, and completes once the retried write is durable
        assertThat(run).isNotDone();
        assertThat(store.durableEntries()).isEmpty();
        time.advance(Duration.ofSeconds(1));
        assertThat(run).isCompletedWithValueMatching(e -> e.status() == RunStatus.OK);
        assertThat(store.durableEntries()).hasSize(1);
    }

    @Test
    void shouldFailTheRunWithTheArchiveExceptionWhenTheAttemptsAreUsedUp() {
        // given a store that never accepts a write
        store.failNextAppends(Integer.MAX_VALUE);
        Archiver archiver = archiver(store, context(monitoring));

        // when
        CompletableFuture<Envelope> run = archiver.execute(PAYLOAD, ExecutionOptions.defaults()).toCompletableFuture();

        // then
        assertThat(run).isCompletedExceptionally();
        assertThatThrownBy(run::join).hasCauseInstanceOf(ArchiveException.class);
        assertThatThrownBy(() -> archiver.run(new Payload("run-2", Map.of()))).isInstanceOf(ArchiveException.class);
        assertThat(alerts()).extracting(e -> e.attributes().get("attempt")).containsExactly(1, 2, 3, 1, 2, 3);
        assertThat(store.entries()).isEmpty();
    }

    @Test
    void shouldCountAlertsByKindInMicrometer() {
        // given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        store.failNextSyncs(2);

        // when
        archiver(store, context(new MicrometerMonitoring(registry))).run(PAYLOAD);

        // then
        assertThat(registry.get("orchestrator.events").tag("event", MonitoringEvent.ALERT)
                .tag("alert", Archiver.WRITE_FAILED_ALERT).tag("error_type", "ArchiveException").counter().count())
                .isEqualTo(2.0);
    }

    @Test
    void shouldArchiveToFilesThatReadBackAsTheEnvelope(@TempDir Path dir) throws Exception {
        // given
        OrchestratorContext context = context(monitoring);
        Envelope envelope;

        // when
        try (FileArchiveStore files = FileArchiveStore.newBuilder(dir).build()) {
            envelope = Archiver.newBuilder(files).around(leadSync(context)).build(context).run(PAYLOAD);
        }

        // then
        assertThat(FileArchiveStore.readAll(dir)).singleElement()
                .satisfies(e -> assertThat(Json.mapper().readValue(e.envelopeJson(), Envelope.class)).isEqualTo(envelope));
    }

    @Test
    void shouldDescribeItselfAroundTheInnerOrchestrator() {
        // given
        OrchestratorContext context = context(monitoring);
        Orchestrator inner = leadSync(context);

        // when
        Description description = Archiver.newBuilder(store).around(inner).build(context).describe();

        // then
        assertThat(description.kind()).isEqualTo(Archiver.KIND);
        assertThat(description.name()).isEqualTo("archiver");
        assertThat(description.parts()).containsExactly(inner.describe());
        assertThatThrownBy(() -> Archiver.newBuilder(store).build(context)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("around(...)");
    }
}
