package dev.orchestrators.cli;

import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.streams.config.RequestLimits;
import dev.orchestrators.streams.serde.JsonSerde;
import dev.orchestrators.streams.serde.Request;
import dev.orchestrators.streams.serde.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads what a replay needs from the cluster, committed records only, up to the end offsets at the time of
 * reading (a replay does not chase new records): a flow's recorded requests, selected by time, offset or run id,
 * and the audit entries of the runs selected.
 */
final class RecordedTopics {
    private static final Duration POLL = Duration.ofMillis(500);
    private final Map<String, Object> clientProperties;

    RecordedTopics(Map<String, Object> clientProperties) {
        this.clientProperties = Map.copyOf(clientProperties);
    }

    /** Which requests to replay. */
    record Selection(Instant fromTime, Instant toTime, Long fromOffset, Integer partition, Set<String> runIds, long max) {
    }

    /** A request as it was recorded on its topic. {@code request} is {@code null} when it cannot be read. */
    record RecordedRequest(int partition, long offset, long timestamp, byte[] key, String runId, Request request,
                           String unreadable, org.apache.kafka.common.header.Headers headers) {
    }

    /** The requests of {@code topic} that {@code selection} selects, in partition and offset order, read as {@code format}. */
    List<RecordedRequest> requests(String topic, Selection selection, WireFormat format, RequestLimits limits) {
        Deserializer<Request> deserializer = format.requestDeserializer(limits);
        List<RecordedRequest> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .filter(p -> selection.partition() == null || p.partition() == selection.partition())
                    .map(p -> new TopicPartition(topic, p.partition())).sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            Map<TopicPartition, Long> start = startOffsets(consumer, partitions, selection);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                readRange(consumer, tp, start.get(tp), end.get(tp), record -> {
                    if (out.size() >= selection.max()) {
                        return;
                    }
                    if (selection.toTime() != null && record.timestamp() > selection.toTime().toEpochMilli()) {
                        return;
                    }
                    RecordedRequest recorded = read(deserializer, record);
                    if (selection.runIds().isEmpty() || selection.runIds().contains(recorded.runId())) {
                        out.add(recorded);
                    }
                });
            }
        }
        return out;
    }

    /** Every entry of {@code auditTopic} about one of {@code runIds}, in the order written per partition. */
    List<AuditRecord> audit(String auditTopic, Collection<String> runIds) {
        Set<String> wanted = Set.copyOf(runIds);
        List<AuditRecord> out = new ArrayList<>();
        var deserializer = JsonSerde.auditRecord().deserializer();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(auditTopic).stream()
                    .map(p -> new TopicPartition(auditTopic, p.partition())).toList();
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                readRange(consumer, tp, start.get(tp), end.get(tp), record -> {
                    String runId = dev.orchestrators.streams.Headers.lastValue(record.headers(),
                            dev.orchestrators.streams.Headers.RUN_ID);
                    if (record.value() == null || runId != null && !wanted.contains(runId)) {
                        return;
                    }
                    AuditRecord entry;
                    try {
                        entry = deserializer.deserialize(auditTopic, record.value());
                    } catch (SerializationException unreadable) {
                        return; // not an entry this version writes; nothing to replay from it
                    }
                    if (wanted.contains(entry.runId())) {
                        out.add(entry);
                    }
                });
            }
        }
        return out;
    }

    private RecordedRequest read(Deserializer<Request> deserializer, ConsumerRecord<byte[], byte[]> record) {
        Request request = null;
        String unreadable = null;
        try {
            request = deserializer.deserialize(record.topic(), record.headers(), record.value());
        } catch (SerializationException e) {
            unreadable = e.getMessage();
        }
        String runId = request != null && request.runId() != null ? request.runId()
                : dev.orchestrators.streams.Headers.lastValue(record.headers(), dev.orchestrators.streams.Headers.RUN_ID);
        if (runId == null || runId.isBlank()) {
            runId = record.topic() + "-" + record.partition() + "-" + record.offset(); // as the runtime names it
        }
        return new RecordedRequest(record.partition(), record.offset(), record.timestamp(), record.key(), runId, request,
                unreadable, record.headers());
    }

    private static Map<TopicPartition, Long> startOffsets(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                                          Selection selection) {
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> start = new HashMap<>(beginning);
        if (selection.fromTime() != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, selection.fromTime().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            partitions.forEach(tp -> start.put(tp, found.get(tp) == null ? end.get(tp) : found.get(tp).offset()));
        }
        if (selection.fromOffset() != null) {
            partitions.forEach(tp -> start.put(tp, Math.max(start.get(tp), selection.fromOffset())));
        }
        return start;
    }

    /** Reads {@code tp} from {@code from} up to (excluding) {@code to}, committed records only. */
    private static void readRange(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long from, long to,
                                  Consumer<ConsumerRecord<byte[], byte[]>> each) {
        if (from >= to) {
            return;
        }
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        // Under read_committed, the position moves past aborted records and transaction markers too.
        while (consumer.position(tp) < to) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < to) {
                    each.accept(record);
                }
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
