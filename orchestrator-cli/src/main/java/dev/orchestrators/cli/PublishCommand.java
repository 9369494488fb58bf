package dev.orchestrators.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.Json;
import dev.orchestrators.streams.serde.Request;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code orchestrator publish}: send one JSON request to a flow's request topic. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish a request {\"run_id\": ..., \"payload\": PAYLOAD} to <flow>.requests and print its run_id.")
final class PublishCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", description = "Kafka cluster (default: ${DEFAULT-VALUE}).")
    String bootstrapServers = "localhost:9092";

    @Mixin
    SecurityOptions security = new SecurityOptions();

    @Option(names = "--flow", required = true, description = "The flow, e.g. lead_sync.")
    String flow;

    @Option(names = "--key", description = "Record key (requests with the same key are answered in order). Default: the run id.")
    String key;

    @Option(names = "--run-id", description = "Correlation id (default: a new UUID).")
    String runId;

    @Parameters(index = "0", paramLabel = "PAYLOAD", description = "The payload as a JSON object, e.g. '{\"lead_id\": \"L-42\"}'.")
    String payload;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> data;
        try {
            data = Json.mapper().readValue(payload, new TypeReference<Map<String, Object>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            System.err.println("PAYLOAD must be a JSON object: " + e.getOriginalMessage());
            return 2;
        }
        String id = runId == null ? UUID.randomUUID().toString() : runId;
        Properties props = new Properties();
        props.putAll(security.clientProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(TopicNames.requests(flow), key == null ? id : key,
                    Json.mapper().writeValueAsString(new Request(id, data)));
            record.headers().add(Headers.RUN_ID, Headers.utf8(id));
            RecordMetadata sent = producer.send(record).get();
            System.out.printf("published run_id=%s to %s-%d@%d%n", id, sent.topic(), sent.partition(), sent.offset());
        }
        return 0;
    }
}
