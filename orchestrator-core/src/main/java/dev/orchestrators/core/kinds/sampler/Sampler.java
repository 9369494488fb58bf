package dev.orchestrators.core.kinds.sampler;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorBuilder;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.OrchestratorSettings;
import dev.orchestrators.core.orchestrator.RunOutcome;
import dev.orchestrators.core.queue.Job;
import dev.orchestrators.core.tool.Capability;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sampled telemetry of the runs of an inner orchestrator, best effort: it never blocks, slows or fails them.
 * The run completes with the inner envelope as soon as the inner orchestrator is done. For a sampled run
 * ({@link SamplingDecision}: by run id, so replays sample the same runs) a {@link TelemetrySnapshot} (shape
 * and timing, no payload data) is put on a bounded queue, which the sampler's executor drains into the
 * {@link TelemetrySink}.
 *
 * <pre>{@code
 * Orchestrator observed = Sampler.newBuilder()
 *     .rate(0.05)
 *     .sink(snapshot -> LOG.info("telemetry {}", snapshot))
 *     .meterRegistry(registry)
 *     .around(leadSync)
 *     .build(context);
 * }</pre>
 *
 * <ul>
 *   <li>A full queue drops the snapshot and counts it ({@link #droppedCount()}, {@code orchestrator.sampler.dropped}).</li>
 *   <li>A sink that throws is counted ({@link #sinkFailureCount()}, {@code orchestrator.sampler.sink.failures})
 *       and logged once per {@value #SINK_FAILURE_LOG_INTERVAL} failures, so a broken sink cannot flood the log.</li>
 *   <li>With a {@link MeterRegistry}, sampled runs are also counted ({@code orchestrator.sampler.sampled}), timed
 *       ({@code orchestrator.sampler.run.duration}, tagged {@code flow} and {@code status}) and their records
 *       summarised ({@code orchestrator.sampler.records}); every meter is tagged {@code flow}.</li>
 * </ul>
 * Thread-safe. The default executor is one daemon thread per sampler that ends when idle.
 */
public final class Sampler implements Orchestrator {
    /** The kind's name. */
    public static final String KIND = "sampler";
    /** The default {@link Builder#rate}: one run in a hundred. */
    public static final double DEFAULT_RATE = 0.01;
    /** The default {@link Builder#queueCapacity}. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;
    /** A failing sink is logged on its first failure and then once per this many. */
    public static final int SINK_FAILURE_LOG_INTERVAL = TelemetryTap.SINK_FAILURE_LOG_INTERVAL;
    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    private final String name;
    private final OrchestratorSettings settings;
    private final OrchestratorContext context;
    private final Orchestrator inner;
    private final TelemetryTap tap;

    private Sampler(Builder b, OrchestratorContext context) {
        this.name = b.name();
        this.settings = b.settings();
        this.context = Objects.requireNonNull(context, "context");
        this.inner = b.inner;
        this.tap = new TelemetryTap(name, b.decision, b.sink, b.registry, context.clock(), b.queueCapacity, b.executor);
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * The snapshot of {@code envelope} if its run is sampled at {@code rate}: the sampler's decision, for a
     * runtime (a Kafka topology) that samples envelopes itself.
     *
     * @throws ConfigurationException when {@code rate} is not in [0, 1]
     */
    public static Optional<TelemetrySnapshot> snapshotIfSampled(Envelope envelope, double rate, Instant now) {
        return SamplingDecision.ofRate(rate).sampled(envelope.runId())
                ? Optional.of(TelemetrySnapshot.of(envelope, now)) : Optional.empty();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Set<Capability> capabilities() {
        return settings.capabilities();
    }

    /** The orchestrator whose runs are sampled. */
    public Orchestrator inner() {
        return inner;
    }

    /** Which runs are sampled. */
    public SamplingDecision decision() {
        return tap.decision();
    }

    /** Runs sampled so far, dropped ones included. */
    public long sampledCount() {
        return tap.sampledCount();
    }

    /** Snapshots dropped because the queue was full. */
    public long droppedCount() {
        return tap.droppedCount();
    }

    /** Snapshots the sink failed to publish. */
    public long sinkFailureCount() {
        return tap.sinkFailureCount();
    }

    @Override
    public Description describe() {
        return new Description(name, KIND, settings.capabilities(), Set.of(), false, false, List.of(inner.describe()));
    }

    @Override
    public void validatePayload(Payload payload) {
        inner.validatePayload(payload);
    }

    @Override
    public Envelope run(Payload payload) {
        try {
            return execute(payload, ExecutionOptions.defaults()).toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = FailureClassifier.unwrap(e);
            throw cause instanceof RuntimeException re ? re : e;
        }
    }

    /** The inner orchestrator's attempt, as is; an answered run's envelope is sampled on the side. */
    @Override
    public CompletionStage<RunOutcome> attempt(Payload payload, ExecutionOptions options) {
        return inner.attempt(payload, options).thenApply(outcome -> {
            Envelope envelope = outcome.envelopeOrNull();
            if (envelope != null) {
                observe(envelope);
            }
            return outcome;
        });
    }

    /** @throws ConfigurationException when the context has no queue */
    @Override
    public String runAsync(Payload payload) {
        var jobs = context.queue().orElseThrow(() -> new ConfigurationException(
                "orchestrator '" + name + "' has no queue: build its OrchestratorContext with queue(...) to use runAsync"));
        jobs.enqueue(new Job(name, payload, context.clock().instant()));
        return payload.runId();
    }

    private void observe(Envelope envelope) {
        tap.observe(envelope);
    }

    @Override
    public String toString() {
        return "Sampler[" + name + " around " + inner.name() + ", rate " + tap.decision().rate() + "]";
    }

    /**
     * Builder. Defaults: name {@code sampler}, rate {@value Sampler#DEFAULT_RATE}, queue of
     * {@value Sampler#DEFAULT_QUEUE_CAPACITY}, a daemon thread of its own. {@link #around} is required, and a
     * {@link #sink} or a {@link #meterRegistry}. Not thread-safe.
     */
    public static final class Builder extends OrchestratorBuilder<Builder, Sampler> {
        private SamplingDecision decision = SamplingDecision.ofRate(DEFAULT_RATE);
        private TelemetrySink sink = snapshot -> { };
        private boolean hasSink;
        private MeterRegistry registry;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Executor executor;
        private Orchestrator inner;

        private Builder() {
            super(KIND);
        }

        /**
         * The fraction of runs sampled.
         *
         * @throws ConfigurationException when {@code value} is not in [0, 1], naming it
         */
        public Builder rate(double value) {
            this.decision = SamplingDecision.ofRate(value);
            return this;
        }

        /** Where snapshots are published. */
        public Builder sink(TelemetrySink value) {
            this.sink = Objects.requireNonNull(value, "sink");
            this.hasSink = true;
            return this;
        }

        /** Where the sampler's meters are registered; none by default. */
        public Builder meterRegistry(MeterRegistry value) {
            this.registry = Objects.requireNonNull(value, "meterRegistry");
            return this;
        }

        /**
         * How many snapshots may wait for the sink; more are dropped.
         *
         * @throws ConfigurationException when {@code capacity} is not positive
         */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new ConfigurationException("sampler queueCapacity must be >= 1, was " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /** Where the sink is called; inject {@code Runnable::run} in tests to publish inline. */
        public Builder executor(Executor value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /** The orchestrator whose runs are sampled. */
        public Builder around(Orchestrator orchestrator) {
            this.inner = Objects.requireNonNull(orchestrator, "orchestrator");
            return this;
        }

        /** @throws ConfigurationException without {@link #around}, or with neither a sink nor a meter registry */
        @Override
        public Sampler build(OrchestratorContext context) {
            if (inner == null) {
                throw new ConfigurationException("sampler '" + name() + "' needs the orchestrator it samples: call around(...)");
            }
            if (!hasSink && registry == null) {
                throw new ConfigurationException("sampler '" + name() + "' has nowhere to report: give it a sink(...) or a meterRegistry(...)");
            }
            return new Sampler(this, context);
        }
    }
}
