package dev.orchestrators.harness.chaos;

import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches the flows' result topics while the run goes on ({@code read_committed}, every partition, no group):
 * when each run was first answered, for the throughput under faults and to know when everything is in. Its
 * own thread; the broker may come and go under it. Thread-safe.
 */
final class LiveAnswers implements AutoCloseable {
    private final Map<String, Long> firstAnsweredAt = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    LiveAnswers(String bootstrap, List<String> flows, int partitions) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<TopicPartition> assigned = new ArrayList<>();
        for (String flow : flows) {
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(TopicNames.results(flow), p));
            }
        }
        this.thread = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.assign(assigned);
                consumer.seekToBeginning(assigned);
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        String runId = Headers.lastValue(record.headers(), Headers.RUN_ID);
                        if (runId != null) {
                            firstAnsweredAt.putIfAbsent(runId, System.currentTimeMillis());
                        }
                    }
                }
            }
        }, "chaos-live-answers");
        thread.setDaemon(true);
        thread.start();
    }

    int answered() {
        return firstAnsweredAt.size();
    }

    boolean answeredAll(Set<String> runIds) {
        return firstAnsweredAt.keySet().containsAll(runIds);
    }

    /** Runs first answered between {@code fromMs} and {@code toMs}, among {@code runIds}. */
    long answeredBetween(long fromMs, long toMs, Set<String> runIds) {
        return firstAnsweredAt.entrySet().stream()
                .filter(e -> e.getValue() >= fromMs && e.getValue() <= toMs && runIds.contains(e.getKey())).count();
    }

    /** Runs of {@code runIds} first answered in each {@code interval} from {@code fromMs} to {@code toMs}. */
    List<Long> answeredPerInterval(long fromMs, long toMs, long interval, Set<String> runIds) {
        long[] counts = new long[(int) Math.max(1, (toMs - fromMs + interval - 1) / interval)];
        firstAnsweredAt.forEach((runId, at) -> {
            if (at >= fromMs && at < toMs && runIds.contains(runId)) {
                counts[(int) ((at - fromMs) / interval)]++;
            }
        });
        return java.util.Arrays.stream(counts).boxed().toList();
    }

    /**
     * The longest time between {@code fromMs} and {@code toMs} in which no run of {@code runIds} was first answered
     * (the bounds count as answers): how long the workers stalled at worst.
     */
    long longestGapMillis(long fromMs, long toMs, Set<String> runIds) {
        long[] times = firstAnsweredAt.entrySet().stream()
                .filter(e -> e.getValue() >= fromMs && e.getValue() <= toMs && runIds.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sorted().toArray();
        long longest = 0;
        long previous = fromMs;
        for (long at : times) {
            longest = Math.max(longest, at - previous);
            previous = at;
        }
        return Math.max(longest, toMs - previous);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }
}
