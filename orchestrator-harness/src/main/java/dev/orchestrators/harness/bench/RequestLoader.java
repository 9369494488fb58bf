package dev.orchestrators.harness.bench;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces benchmark requests of one {@link BenchFlow} ({@code {"run_id":"run-<key>","payload":{...}}}, see
 * {@link BenchFlow#request}) keyed by {@code <key>}, every key distinct. The record timestamp is the wall-clock
 * time of the send, so it is the request's produce time for latency. Backlog keys start with
 * {@link #BACKLOG_PREFIX}, paced ones with {@link #PACED_PREFIX} (or, in a latency sweep, {@link #sweepPrefix}),
 * warm-up ones with {@link #warmUpPrefix}: the key up to its first dash names the phase ({@link OutputMeter}).
 * Not thread-safe.
 */
final class RequestLoader implements AutoCloseable {
    static final String BACKLOG_PREFIX = "b-";
    static final String PACED_PREFIX = "p-";
    /** The key prefix of a worker JVM's warm-up round {@code round} (1, 2, ...): a phase of its own. */
    static String warmUpPrefix(int round) {
        return "w" + round + "-";
    }

    /** The key prefix of the {@code step}-th rate of a latency sweep. */
    static String sweepPrefix(int step) {
        return "s" + step + "-";
    }

    private final BenchFlow flow;
    private final int compensatingPercent;
    private final KafkaProducer<String, byte[]> bulk;
    private final KafkaProducer<String, byte[]> paced;

    /** A loader of {@code flow}'s requests, {@code compensatingPercent} of them compensating (saga only). */
    RequestLoader(String bootstrap, BenchFlow flow, int compensatingPercent) {
        this.flow = flow;
        this.compensatingPercent = compensatingPercent;
        bulk = new KafkaProducer<>(props(bootstrap, 5, 256 * 1024));
        paced = new KafkaProducer<>(props(bootstrap, 0, 64 * 1024));
    }

    private static Properties props(String bootstrap, int lingerMs, int batchBytes) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, batchBytes);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        // Not idempotent: on a partition created a moment ago the broker may answer NOT_LEADER_OR_FOLLOWER once,
        // and an idempotent producer was seen to retry that batch forever with OUT_OF_ORDER_SEQUENCE_NUMBER.
        // Keys are distinct and the meter ignores repeats, so a plain retry is harmless here.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        // forget each run's topics soon after it is deleted, instead of warning about them for minutes
        props.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, 5_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /**
     * Sends {@code count} requests, the {@code i}-th with key {@code <prefix><i>}, as fast as the producer takes
     * them and waits until all are acknowledged.
     */
    void preload(String topic, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            String key = prefix + i;
            byte[] request = flow.request(key, i, compensatingPercent);
            bulk.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), key, request));
        }
        bulk.flush();
    }

    /** Sends one request per key of {@code keys} (the {@code i}-th as {@link BenchFlow#request}) and waits for the acks. */
    void load(String topic, java.util.List<String> keys) {
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            bulk.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), key, flow.request(key, i, compensatingPercent)));
        }
        bulk.flush();
    }

    /**
     * Sends requests at {@code perSecond} for {@code duration} (the send schedule is fixed up front, so a slow
     * send is caught up rather than lowering the rate) and returns how many it sent.
     */
    int paced(String topic, double perSecond, Duration duration) {
        return paced(topic, PACED_PREFIX, perSecond, duration);
    }

    /** As {@link #paced(String, double, Duration)}, with keys {@code <prefix><i>}. */
    int paced(String topic, String prefix, double perSecond, Duration duration) {
        long start = System.nanoTime();
        int total = (int) Math.max(1, Math.round(perSecond * duration.toNanos() / 1e9));
        int sent = 0;
        while (sent < total) {
            long due = (long) ((System.nanoTime() - start) * perSecond / 1e9) + 1;
            while (sent < Math.min(due, total)) {
                String key = prefix + sent;
                byte[] request = flow.request(key, sent, compensatingPercent);
                paced.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), key, request));
                sent++;
            }
            LockSupport.parkNanos(500_000);
        }
        paced.flush();
        return sent;
    }

    @Override
    public void close() {
        bulk.close(Duration.ofSeconds(10));
        paced.close(Duration.ofSeconds(10));
    }
}
