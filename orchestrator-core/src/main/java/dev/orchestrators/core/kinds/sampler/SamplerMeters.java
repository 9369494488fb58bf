package dev.orchestrators.core.kinds.sampler;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The sampler's meters, all tagged {@code flow} (bounded: one value per flow; never the run id). Without a
 * registry every method does nothing. Thread-safe.
 */
final class SamplerMeters {
    static final String SAMPLED = "orchestrator.sampler.sampled";
    static final String DROPPED = "orchestrator.sampler.dropped";
    static final String SINK_FAILURES = "orchestrator.sampler.sink.failures";
    static final String RUN_DURATION = "orchestrator.sampler.run.duration";
    static final String RECORDS = "orchestrator.sampler.records";

    private final MeterRegistry registry;

    SamplerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts a sampled run and records its duration (tagged with its status) and its number of records. */
    void sampled(TelemetrySnapshot snapshot) {
        if (registry == null) {
            return;
        }
        registry.counter(SAMPLED, "flow", snapshot.flow()).increment();
        Timer.builder(RUN_DURATION).description("duration of sampled runs, started to finished")
                .tags("flow", snapshot.flow(), "status", snapshot.status().name())
                .register(registry).record(Duration.ofMillis(snapshot.durationMs()));
        DistributionSummary.builder(RECORDS).description("records per envelope of sampled runs")
                .tag("flow", snapshot.flow()).register(registry).record(snapshot.records());
    }

    void dropped(String flow) {
        if (registry != null) {
            registry.counter(DROPPED, "flow", flow).increment();
        }
    }

    void sinkFailed(String flow) {
        if (registry != null) {
            registry.counter(SINK_FAILURES, "flow", flow).increment();
        }
    }
}
