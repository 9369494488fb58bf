package dev.orchestrators.cli.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An independent consumer of one whole topic (normally {@code read_committed}), as any downstream application would
 * read it: it is assigned every partition from the beginning (no consumer group, so it never disturbs the
 * workers) and accumulates what it has read. Each {@link #poll()} reads a little more and returns everything
 * read so far. Not thread-safe: use it from one thread (await with {@code pollInSameThread()}).
 */
final class TopicReader<V> implements AutoCloseable {
    private final KafkaConsumer<String, V> consumer;
    private final List<TopicPartition> partitions;
    private final List<ConsumerRecord<String, V>> read = new ArrayList<>();

    private TopicReader(KafkaConsumer<String, V> consumer, List<TopicPartition> partitions) {
        this.consumer = consumer;
        this.partitions = partitions;
    }

    /** Reads {@code topic} (which must exist) from its beginning, committed records only. */
    static <V> TopicReader<V> readCommitted(String bootstrap, String topic, Deserializer<V> values) {
        return open(bootstrap, topic, values, "read_committed");
    }

    /** Reads {@code topic} (which must exist) from its beginning, including records of open or aborted transactions. */
    static <V> TopicReader<V> readUncommitted(String bootstrap, String topic, Deserializer<V> values) {
        return open(bootstrap, topic, values, "read_uncommitted");
    }

    /** Reads {@code topic} (which must exist) from its beginning, committed records only, with {@code clientProperties} too. */
    static <V> TopicReader<V> readCommitted(String bootstrap, String topic, Deserializer<V> values, Map<String, Object> clientProperties) {
        return open(bootstrap, topic, values, "read_committed", clientProperties);
    }

    private static <V> TopicReader<V> open(String bootstrap, String topic, Deserializer<V> values, String isolation) {
        return open(bootstrap, topic, values, isolation, Map.of());
    }

    private static <V> TopicReader<V> open(String bootstrap, String topic, Deserializer<V> values, String isolation,
                                           Map<String, Object> clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "it-reader-" + topic + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return new TopicReader<>(consumer, partitions);
    }

    /** Reads what is available now and returns every record read so far, in read order. */
    List<ConsumerRecord<String, V>> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
        return List.copyOf(read);
    }

    /**
     * Reads what is available now and says whether this reader has reached the last stable offset of every
     * partition: nothing committed is left unread and no open transaction holds records back.
     */
    boolean caughtUp() {
        poll();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        return partitions.stream().allMatch(p -> consumer.position(p, Duration.ofSeconds(10)) >= ends.get(p));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
