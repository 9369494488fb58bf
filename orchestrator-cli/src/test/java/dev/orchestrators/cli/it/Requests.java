package dev.orchestrators.cli.it;

import dev.orchestrators.streams.TopicNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes requests to a flow's request topic the way an independent client does: plain JSON strings
 * ({@code {"run_id": ..., "payload": {...}}}) over a real {@link KafkaProducer}. Every publish method returns
 * once the broker has acknowledged, so a test knows its requests are on the broker before it waits for answers.
 */
final class Requests implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    private Requests(KafkaProducer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    static Requests to(String bootstrap, String flow) {
        return to(bootstrap, flow, Map.of());
    }

    /** Publishes to {@code flow}'s requests with {@code clientProperties} (security settings) too. */
    static Requests to(String bootstrap, String flow, Map<String, Object> clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new Requests(new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()),
                TopicNames.requests(flow));
    }

    /** The wire form of a {@code lead_sync} request. */
    static String leadSync(String runId, String leadId) {
        return "{\"run_id\":\"" + runId + "\",\"payload\":{\"lead_id\":\"" + leadId + "\"}}";
    }

    /** Publishes one {@code lead_sync} request, waiting for the broker's ack. */
    RecordMetadata publishLead(Lead lead) {
        return publishRaw(toRecord(lead));
    }

    /** Publishes {@code json} with {@code key} to the flow's request topic, waiting for the broker's ack. */
    RecordMetadata publish(String key, String json) {
        return publishRaw(new ProducerRecord<>(topic, utf8(key), utf8(json)));
    }

    /** Publishes {@code record} (any bytes, any headers) as is, waiting for the broker's ack. */
    RecordMetadata publishRaw(ProducerRecord<byte[], byte[]> record) {
        return await(producer.send(record));
    }

    /** Publishes many {@code lead_sync} requests at once (pipelined, in list order), waiting for every ack. */
    void publishLeads(List<Lead> leads) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Lead lead : leads) {
            acks.add(producer.send(toRecord(lead)));
        }
        acks.forEach(Requests::await);
    }

    private ProducerRecord<byte[], byte[]> toRecord(Lead lead) {
        return new ProducerRecord<>(topic, utf8(lead.key()), utf8(leadSync(lead.runId(), lead.leadId())));
    }

    String topic() {
        return topic;
    }

    /** One {@code lead_sync} request: record key, run id and the lead to sync. */
    record Lead(String key, String runId, String leadId) {
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static RecordMetadata await(Future<RecordMetadata> ack) {
        try {
            return ack.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
