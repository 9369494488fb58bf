package dev.orchestrators.harness.bench;

import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.streams.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads an output topic with {@code read_committed} on its own thread and times every record: its latency is
 * the wall-clock time it became readable here minus its record timestamp, which every scenario copies from
 * the request (the request's produce time). Records are sorted into phases by key prefix, the key up to and
 * including its first {@code -} (warm-up, backlog, paced, one per step of a latency sweep: see
 * {@link RequestLoader}); a key seen twice counts as a duplicate. Envelopes whose {@code status}
 * header is {@code FAILED} are counted too (for the saga scenarios: the runs that compensated).
 *
 * <p>Thread-safe: the reader thread records, other threads wait and take snapshots.
 */
final class OutputMeter implements AutoCloseable {
    private static final byte[] FAILED = RunStatus.FAILED.name().getBytes(StandardCharsets.UTF_8);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;
    private final Map<String, Phase> phases = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private long duplicates;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    OutputMeter(String bootstrap, String topic, int partitions) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-meter-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> all = java.util.stream.IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(all);
        consumer.seekToBeginning(all);
        reader = new Thread(this::read, "bench-meter-" + topic);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                long nowMs = System.currentTimeMillis();
                long nowNanos = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    record(record.key(), nowMs - record.timestamp(), nowNanos, failed(record));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private static boolean failed(ConsumerRecord<String, byte[]> record) {
        Header status = record.headers().lastHeader(Headers.STATUS);
        return status != null && Arrays.equals(status.value(), FAILED);
    }

    private synchronized void record(String key, long latencyMs, long nowNanos, boolean failed) {
        Phase phase = phaseOf(key);
        if (phase == null) {
            return;
        }
        if (!seen.add(key)) {
            duplicates++;
            return;
        }
        phase.add(latencyMs, nowNanos, failed);
        notifyAll();
    }

    /** The phase of {@code key} (or of a prefix such as {@code b-}), created on first use; null for keys without a dash. */
    private Phase phaseOf(String key) {
        int dash = key == null ? -1 : key.indexOf('-');
        return dash < 0 ? null : phases.computeIfAbsent(key.substring(0, dash + 1), p -> new Phase());
    }

    /** Waits until the phase of keys starting with {@code prefix} has {@code count} distinct records; false on timeout. */
    synchronized boolean await(String prefix, long count, Duration timeout) throws InterruptedException {
        Phase phase = phaseOf(prefix);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (phase.count < count) {
            if (failure != null) {
                throw new IllegalStateException("the measuring consumer failed", failure);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, Math.min(200, left / 1_000_000)));
        }
        return true;
    }

    /** What the phase of keys starting with {@code prefix} measured so far. */
    synchronized Snapshot snapshot(String prefix) {
        Phase phase = phaseOf(prefix);
        return new Snapshot(phase.count, Throughput.perSecond(phase.count, phase.firstNanos, phase.lastNanos),
                Throughput.steadyPerSecond(phase.arrivals, phase.count), LatencySummary.of(phase.latencies, phase.count),
                phase.failed, duplicates);
    }

    /** When each record of the phase of {@code prefix} became readable ({@link System#nanoTime()}), in arrival order. */
    synchronized long[] arrivals(String prefix) {
        Phase phase = phaseOf(prefix);
        return Arrays.copyOf(phase.arrivals, phase.count);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What one phase measured so far.
     *
     * @param failed envelopes of the phase with status FAILED
     */
    record Snapshot(int count, double perSecond, double steadyPerSecond, LatencySummary latency, int failed,
                    long duplicates) {

        /** The share of the phase's envelopes that FAILED, 0 when there are none. */
        double failedShare() {
            return count == 0 ? 0 : (double) failed / count;
        }
    }

    /** Latencies and first/last arrival of one phase; guarded by the meter. */
    private static final class Phase {
        long[] latencies = new long[1024];
        long[] arrivals = new long[1024];
        int count;
        int failed;
        long firstNanos;
        long lastNanos;

        void add(long latencyMs, long nowNanos, boolean failedRun) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
                arrivals = Arrays.copyOf(arrivals, count * 2);
            }
            arrivals[count] = nowNanos;
            latencies[count++] = latencyMs;
            if (failedRun) {
                failed++;
            }
            if (count == 1) {
                firstNanos = nowNanos;
            }
            lastNanos = nowNanos;
        }
    }
}
