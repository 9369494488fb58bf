package dev.orchestrators.harness.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code plain_loop}: a KafkaConsumer to KafkaProducer copy loop, committed once per poll (one transaction
 * per poll under exactly_once_v2). The ceiling without Kafka Streams.
 */
final class PlainLoopWorkload extends LoopWorkload {

    PlainLoopWorkload(WorkloadSpec spec) {
        super(spec, 1000);
    }

    @Override
    void process(ConsumerRecords<String, byte[]> records) {
        List<ProducerRecord<String, byte[]>> outputs = new ArrayList<>(records.count());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            outputs.add(new ProducerRecord<>(spec.outputTopic(), null, record.timestamp(), record.key(), record.value()));
            offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        commit(outputs, offsets);
    }
}
