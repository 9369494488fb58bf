package dev.orchestrators.core.kinds.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.testing.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Best-effort, deterministic, non-blocking sampling of an inner orchestrator's runs. */
class SamplerTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final OrchestratorContext context = OrchestratorContext.newBuilder().clock(clock).build();
    private final RecordingTelemetrySink sink = new RecordingTelemetrySink();

    /** A flow that takes 250 ms and returns two records. */
    private Orchestrator leadSync() {
        return Coordinator.newBuilder("lead_sync")
                .step(Steps.of("load", (step, records) -> {
                    clock.advance(Duration.ofMillis(250));
                    return CompletableFuture.completedFuture(StepOutcome.proceed(List.of(
                            EnvelopeRecord.of("L-1", Map.of("email", "ada@example.com"), step.provenance(null, "produced", 1)),
                            EnvelopeRecord.of("L-2", Map.of("email", "grace@example.com"), step.provenance(null, "produced", 1)))));
                }))
                .build(context);
    }

    private Sampler.Builder sampler(double rate) {
        return Sampler.newBuilder().rate(rate).sink(sink).executor(Runnable::run).around(leadSync());
    }

    private static List<Payload> runs(int count) {
        return IntStream.range(0, count).mapToObj(i -> new Payload("run-" + i, Map.of())).toList();
    }

    @Test
    void shouldSampleNothingAtRateZeroAndEveryRunAtRateOne() {
        // given
        Sampler none = sampler(0.0).build(context);
        Sampler all = sampler(1.0).name("all").build(context);

        // when
        runs(100).forEach(none::run);
        List<String> sampledByAll = runs(100).stream().map(all::run).map(Envelope::runId).toList();

        // then
        assertThat(none.sampledCount()).isZero();
        assertThat(sink.runIds()).containsExactlyElementsOf(sampledByAll);
    }

    @Test
    void shouldSampleAboutTheRateOfRunsAndTheSameRunsEveryTime() {
        // given
        SamplingDecision tenPercent = SamplingDecision.ofRate(0.1);
        List<String> ids = IntStream.range(0, 10_000).mapToObj(i -> "run-" + i).toList();

        // when
        List<String> first = ids.stream().filter(tenPercent::sampled).toList();
        List<String> second = ids.stream().filter(SamplingDecision.ofRate(0.1)::sampled).toList();

        // then
        assertThat(first.size()).isBetween(900, 1100);
        assertThat(second).isEqualTo(first);
        assertThat(ids.stream().filter(SamplingDecision.ofRate(0.2)::sampled).toList()).containsAll(first);
    }

    @Test
    void shouldCompleteTheRunWithTheInnerEnvelopeWhileTheSinkIsBlocked() throws InterruptedException {
        // given a sink that blocks until released, on the sampler's own thread
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Sampler sampler = Sampler.newBuilder().rate(1.0).around(leadSync()).sink(snapshot -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sink.publish(snapshot);
        }).build(context);

        // when
        Envelope first = sampler.run(new Payload("run-1", Map.of()));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        Envelope second = sampler.run(new Payload("run-2", Map.of()));

        // then both runs completed while the sink was still blocked on the first snapshot
        assertThat(first.status()).isEqualTo(RunStatus.OK);
        assertThat(first.metadata().orchestrator()).isEqualTo("lead_sync");
        assertThat(second.status()).isEqualTo(RunStatus.OK);
        assertThat(sink.snapshots()).isEmpty();
        release.countDown();
        assertThat(sink.await(2, Duration.ofSeconds(5))).isTrue();
        assertThat(sink.runIds()).containsExactly("run-1", "run-2");
    }

    @Test
    void shouldDropAndCountSnapshotsWhileTheQueueIsFull() {
        // given an executor that has not got round to publishing yet
        List<Runnable> pending = new ArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Sampler sampler = sampler(1.0).queueCapacity(2).executor(pending::add).meterRegistry(registry).build(context);

        // when
        runs(5).forEach(sampler::run);

        // then
        assertThat(sampler.sampledCount()).isEqualTo(5);
        assertThat(sampler.droppedCount()).isEqualTo(3);
        assertThat(registry.get("orchestrator.sampler.dropped").tag("flow", "lead_sync").counter().count()).isEqualTo(3.0);
        assertThat(pending).hasSize(1);
        pending.get(0).run();
        assertThat(sink.runIds()).containsExactly("run-0", "run-1");
    }

    @Test
    void shouldNeverFailTheRunWhenTheSinkThrows() {
        // given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Sampler sampler = sampler(1.0).sink(snapshot -> {
            throw new IllegalStateException("telemetry backend is down");
        }).meterRegistry(registry).build(context);

        // when
        List<Envelope> envelopes = runs(3).stream().map(sampler::run).toList();

        // then
        assertThat(envelopes).allSatisfy(e -> assertThat(e.status()).isEqualTo(RunStatus.OK));
        assertThat(sampler.sinkFailureCount()).isEqualTo(3);
        assertThat(registry.get("orchestrator.sampler.sink.failures").tag("flow", "lead_sync").counter().count()).isEqualTo(3.0);
    }

    @Test
    void shouldCountTimeAndSummariseSampledRunsInTheMeterRegistry() {
        // given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Sampler sampler = sampler(1.0).meterRegistry(registry).build(context);

        // when
        runs(4).forEach(sampler::run);

        // then
        assertThat(registry.get("orchestrator.sampler.sampled").tag("flow", "lead_sync").counter().count()).isEqualTo(4.0);
        var timer = registry.get("orchestrator.sampler.run.duration").tag("flow", "lead_sync").tag("status", "OK").timer();
        assertThat(timer.count()).isEqualTo(4);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1000.0);
        var records = registry.get("orchestrator.sampler.records").tag("flow", "lead_sync").summary();
        assertThat(records.count()).isEqualTo(4);
        assertThat(records.totalAmount()).isEqualTo(8.0);
    }

    @Test
    void shouldSnapshotTheShapeAndTimingOfARunButNoneOfItsData() throws Exception {
        // given
        Sampler sampler = sampler(1.0).build(context);

        // when
        sampler.run(new Payload("run-1", Map.of("secret", "do-not-copy")));

        // then
        TelemetrySnapshot snapshot = sink.snapshots().get(0);
        assertThat(snapshot.runId()).isEqualTo("run-1");
        assertThat(snapshot.flow()).isEqualTo("lead_sync");
        assertThat(snapshot.orchestrator()).isEqualTo("lead_sync");
        assertThat(snapshot.status()).isEqualTo(RunStatus.OK);
        assertThat(snapshot.errorType()).isNull();
        assertThat(snapshot.records()).isEqualTo(2);
        assertThat(snapshot.durationMs()).isEqualTo(250);
        assertThat(snapshot.steps()).containsExactly(new TelemetrySnapshot.StepSample("load",
                dev.orchestrators.core.envelope.StepRun.StepStatus.OK, 0, 250));
        assertThat(snapshot.sampledAt()).isEqualTo(T0.plusMillis(250));
        String json = dev.orchestrators.core.json.Json.mapper().writeValueAsString(snapshot);
        assertThat(json).contains("\"run_id\":\"run-1\"", "\"duration_ms\":250", "\"sampled_at\"")
                .doesNotContain("ada@example.com", "do-not-copy", "error_type");
    }

    @Test
    void shouldOfferTheSamplingDecisionToRuntimesThatSampleEnvelopesThemselves() {
        // given
        Envelope envelope = leadSync().run(new Payload("run-1", Map.of()));

        // then
        assertThat(Sampler.snapshotIfSampled(envelope, 1.0, T0)).get().extracting(TelemetrySnapshot::runId).isEqualTo("run-1");
        assertThat(Sampler.snapshotIfSampled(envelope, 0.0, T0)).isEmpty();
        assertThat(Sampler.snapshotIfSampled(envelope, 0.5, T0).isPresent())
                .isEqualTo(SamplingDecision.bucket("run-1") < 5_000);
    }

    @Test
    void shouldRejectARateOutsideZeroToOneNamingIt() {
        assertThatThrownBy(() -> Sampler.newBuilder().rate(1.5)).isInstanceOf(ConfigurationException.class)
                .hasMessage("sampling rate must be in [0, 1], was 1.5");
        assertThatThrownBy(() -> SamplingDecision.ofRate(Double.NaN)).isInstanceOf(ConfigurationException.class)
                .hasMessage("sampling rate must be in [0, 1], was NaN");
        assertThatThrownBy(() -> Sampler.newBuilder().around(leadSync()).build(context))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("nowhere to report");
    }

    @Test
    void shouldDescribeItselfAroundTheInnerOrchestrator() {
        // given
        Orchestrator inner = leadSync();

        // when
        Description description = Sampler.newBuilder().sink(sink).around(inner).build(context).describe();

        // then
        assertThat(description.kind()).isEqualTo(Sampler.KIND);
        assertThat(description.parts()).containsExactly(inner.describe());
    }
}
