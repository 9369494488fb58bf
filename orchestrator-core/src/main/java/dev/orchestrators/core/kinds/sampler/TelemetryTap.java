package dev.orchestrators.core.kinds.sampler;

import dev.orchestrators.core.envelope.Envelope;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a {@link Sampler} (or a runtime that samples envelopes itself, like the Kafka runtime's result path)
 * hands the envelopes it observes: a sampled run's snapshot is recorded in meters and put on a bounded
 * queue that an executor drains into the {@link TelemetrySink}. {@link #observe} never blocks and never
 * throws: a full queue drops the snapshot (counted), a failing sink is counted and logged once per
 * {@value #SINK_FAILURE_LOG_INTERVAL} failures. Thread-safe.
 */
public final class TelemetryTap {
    /** A failing sink is logged at most once per this many failures. */
    public static final int SINK_FAILURE_LOG_INTERVAL = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryTap.class);

    private final String name;
    private final SamplingDecision decision;
    private final TelemetrySink sink;
    private final SamplerMeters meters;
    private final Clock clock;
    private final BlockingQueue<TelemetrySnapshot> queue;
    private final Executor executor;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong sampled = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sinkFailures = new AtomicLong();

    /**
     * @param name          for logs and the default thread's name
     * @param registry      where meters go; {@code null} for none
     * @param executor      drains the queue into the sink; {@code null}: a daemon thread of its own
     */
    public TelemetryTap(String name, SamplingDecision decision, TelemetrySink sink, MeterRegistry registry, Clock clock,
                        int queueCapacity, Executor executor) {
        this.name = Objects.requireNonNull(name, "name");
        this.decision = Objects.requireNonNull(decision, "decision");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.meters = new SamplerMeters(registry);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.executor = executor != null ? executor : singleDaemonThread("orchestrator-sampler-" + name);
    }

    public SamplingDecision decision() {
        return decision;
    }

    /** Runs sampled so far. */
    public long sampledCount() {
        return sampled.get();
    }

    /** Snapshots dropped because the queue was full. */
    public long droppedCount() {
        return dropped.get();
    }

    /** Snapshots the sink failed to take. */
    public long sinkFailureCount() {
        return sinkFailures.get();
    }

    /** Samples {@code envelope}'s run if the decision says so; returns at once whatever happens. */
    public void observe(Envelope envelope) {
        try {
            if (!decision.sampled(envelope.runId())) {
                return;
            }
            sampled.incrementAndGet();
            TelemetrySnapshot snapshot = TelemetrySnapshot.of(envelope, clock.instant());
            meters.sampled(snapshot);
            if (queue.offer(snapshot)) {
                scheduleDrain();
            } else {
                dropped.incrementAndGet();
                meters.dropped(snapshot.flow());
            }
        } catch (RuntimeException e) {
            // Telemetry is best effort: whatever goes wrong here must not reach the run.
            LOG.warn("run {} could not be sampled", envelope.runId(), e);
        }
    }

    /** At most one drain is scheduled or running at a time; it publishes until the queue is empty. */
    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RuntimeException rejected) {
                draining.set(false);
                LOG.warn("the sampler's executor refused to publish; snapshots wait in the queue", rejected);
            }
        }
    }

    private void drain() {
        try {
            TelemetrySnapshot next;
            while ((next = queue.poll()) != null) {
                publish(next);
            }
        } finally {
            draining.set(false);
        }
        if (!queue.isEmpty()) {
            scheduleDrain(); // offered after the last poll, before the flag was cleared
        }
    }

    private void publish(TelemetrySnapshot snapshot) {
        try {
            sink.publish(snapshot);
        } catch (RuntimeException e) {
            long failures = sinkFailures.incrementAndGet();
            meters.sinkFailed(snapshot.flow());
            if (failures % SINK_FAILURE_LOG_INTERVAL == 1) {
                LOG.warn("telemetry sink of sampler {} failed ({} failures so far; logged once per {})", name,
                        failures, SINK_FAILURE_LOG_INTERVAL, e);
            }
        }
    }

    private static Executor singleDaemonThread(String threadName) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
