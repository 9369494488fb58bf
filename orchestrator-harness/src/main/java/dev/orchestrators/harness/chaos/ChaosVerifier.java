package dev.orchestrators.harness.chaos;

import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts, after the run, what a downstream application sees with a {@code read_committed} consumer: final
 * envelopes per run (on each flow's results), ENVELOPE audit entries per run, and dead letters per hostile
 * request (with their reason and original bytes).
 */
final class ChaosVerifier {
    private final String bootstrap;

    ChaosVerifier(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** What was read. */
    record Seen(Map<String, Integer> envelopesByRun, Set<String> auditedRuns, Map<String, Integer> deadLettersById,
                int deadLettersWithoutReasonOrBytes, Set<String> validRunsDeadLettered) {
    }

    Seen read(List<String> flows, String auditTopic, List<RequestMix.Planned> planned) {
        Map<String, Integer> envelopes = new HashMap<>();
        for (String flow : flows) {
            readAll(TopicNames.results(flow), record -> {
                String runId = Headers.lastValue(record.headers(), Headers.RUN_ID);
                envelopes.merge(runId, 1, Integer::sum);
            });
        }
        Set<String> audited = new HashSet<>();
        readAll(auditTopic, record -> {
            String key = new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
            // ENVELOPE entries are keyed <run_id>/<orchestrator>; other kinds have more segments.
            int slash = key.indexOf('/');
            if (slash > 0 && key.indexOf('/', slash + 1) < 0) {
                audited.add(key.substring(0, slash));
            }
        });
        Map<String, byte[]> originals = new HashMap<>();
        Set<String> validIds = new HashSet<>();
        for (RequestMix.Planned p : planned) {
            if (p.hostile()) {
                originals.put(p.id(), p.record().value());
            } else {
                validIds.add(p.id());
            }
        }
        Map<String, Integer> deadLetters = new HashMap<>();
        int[] bad = new int[1];
        Set<String> validDeadLettered = new HashSet<>();
        for (String flow : flows) {
            readAll(TopicNames.deadLetters(flow), record -> {
                String id = RequestMix.chaosIdOf(record.headers());
                if (id == null) {
                    String runId = Headers.lastValue(record.headers(), Headers.RUN_ID);
                    if (runId != null && validIds.contains(runId)) {
                        validDeadLettered.add(runId);
                    }
                    return;
                }
                deadLetters.merge(id, 1, Integer::sum);
                String reason = Headers.lastValue(record.headers(), Headers.DLQ_REASON);
                if (reason == null || reason.isBlank() || !Arrays.equals(originals.get(id), record.value())) {
                    bad[0]++;
                }
            });
        }
        return new Seen(envelopes, audited, deadLetters, bad[0], validDeadLettered);
    }

    /** Reads {@code topic} from its beginning to its current end, committed records only. */
    private void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }
}
