package dev.orchestrators.streams.internals.observability;

import dev.orchestrators.core.kinds.sampler.TelemetrySink;
import dev.orchestrators.core.kinds.sampler.TelemetrySnapshot;
import dev.orchestrators.streams.serde.Json;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes sampled telemetry snapshots to the telemetry topic, keyed by run id, with a producer of its
 * own: outside the flows' transactions (a telemetry write can never fail or slow a flow's commit), acks=1,
 * never blocking long for metadata. Best effort: a failed send is counted and logged once per thousand.
 * Thread-safe.
 */
public final class KafkaTelemetrySink implements TelemetrySink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTelemetrySink.class);
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final AtomicLong failures = new AtomicLong();

    public KafkaTelemetrySink(String bootstrapServers, String topic, Map<String, Object> clientOverrides) {
        Map<String, Object> props = new java.util.HashMap<>(clientOverrides);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "orchestrator-telemetry");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    @Override
    public void publish(TelemetrySnapshot snapshot) {
        byte[] value;
        try {
            value = Json.mapper().writeValueAsBytes(snapshot);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write telemetry of run " + snapshot.runId(), e);
        }
        producer.send(new ProducerRecord<>(topic, snapshot.runId(), value), (metadata, failure) -> {
            if (failure != null && failures.incrementAndGet() % 1000 == 1) {
                LOG.warn("telemetry could not be written to {} ({} failures so far): {}", topic, failures.get(), failure.toString());
            }
        });
    }

    /** Sends that failed after they were handed to the producer. */
    public long failedSends() {
        return failures.get();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
