package dev.orchestrators.core.kinds.sampler;

import dev.orchestrators.core.envelope.RunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The sampler's meters, all tagged {@code flow} (bounded: one value per flow; never the run id). Registered once
 * per flow (and status) and cached, so a sampled run costs a map lookup, not a registry lookup. Without a registry
 * every method does nothing. Thread-safe.
 */
final class SamplerMeters {
    static final String SAMPLED = "orchestrator.sampler.sampled";
    static final String DROPPED = "orchestrator.sampler.dropped";
    static final String SINK_FAILURES = "orchestrator.sampler.sink.failures";
    static final String RUN_DURATION = "orchestrator.sampler.run.duration";
    static final String RECORDS = "orchestrator.sampler.records";

    private final MeterRegistry registry;
    private final Map<String, OfFlow> flows = new ConcurrentHashMap<>();

    SamplerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts a sampled run and records its duration (tagged with its status) and its number of records. */
    void sampled(TelemetrySnapshot snapshot) {
        if (registry == null) {
            return;
        }
        OfFlow meters = of(snapshot.flow());
        meters.sampled.increment();
        meters.duration(snapshot.status()).record(Duration.ofMillis(snapshot.durationMs()));
        meters.records.record(snapshot.records());
    }

    void dropped(String flow) {
        if (registry != null) {
            of(flow).dropped.increment();
        }
    }

    void sinkFailed(String flow) {
        if (registry != null) {
            of(flow).sinkFailures.increment();
        }
    }

    private OfFlow of(String flow) {
        OfFlow meters = flows.get(flow);
        return meters != null ? meters : flows.computeIfAbsent(flow, f -> new OfFlow(registry, f));
    }

    /** One flow's meters. */
    private static final class OfFlow {
        private final MeterRegistry registry;
        private final String flow;
        private final Counter sampled;
        private final Counter dropped;
        private final Counter sinkFailures;
        private final DistributionSummary records;
        private final AtomicReferenceArray<Timer> durations = new AtomicReferenceArray<>(RunStatus.values().length);

        OfFlow(MeterRegistry registry, String flow) {
            this.registry = registry;
            this.flow = flow;
            this.sampled = registry.counter(SAMPLED, "flow", flow);
            this.dropped = registry.counter(DROPPED, "flow", flow);
            this.sinkFailures = registry.counter(SINK_FAILURES, "flow", flow);
            this.records = DistributionSummary.builder(RECORDS).description("records per envelope of sampled runs")
                    .tag("flow", flow).register(registry);
        }

        Timer duration(RunStatus status) {
            Timer timer = durations.get(status.ordinal());
            if (timer == null) {
                timer = Timer.builder(RUN_DURATION).description("duration of sampled runs, started to finished")
                        .tags("flow", flow, "status", status.name()).register(registry);
                durations.set(status.ordinal(), timer);
            }
            return timer;
        }
    }
}
