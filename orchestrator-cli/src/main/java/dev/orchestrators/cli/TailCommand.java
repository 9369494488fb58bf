package dev.orchestrators.cli;

import dev.orchestrators.streams.Headers;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orchestrator tail}: print envelopes (or any JSON records) from a topic. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print records (envelopes, audit entries, dead letters) from a topic, committed ones only.")
final class TailCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", description = "Kafka cluster (default: ${DEFAULT-VALUE}).")
    String bootstrapServers = "localhost:9092";

    @Mixin
    SecurityOptions security = new SecurityOptions();

    @Option(names = "--topic", required = true, description = "e.g. lead_sync.results, orchestrator.audit, lead_sync.dlq")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of the newest.")
    boolean fromBeginning;

    @Option(names = "--max", description = "Stop after this many records (default: never).")
    long max = Long.MAX_VALUE;

    @Option(names = "--timeout-ms", description = "Stop after this long without a record (default: never).")
    long timeoutMs = Long.MAX_VALUE;

    @Override
    public Integer call() {
        Properties props = new Properties();
        props.putAll(security.clientProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "orchestrator-tail-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        long seen = 0;
        long idleSince = System.currentTimeMillis();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            while (seen < max && System.currentTimeMillis() - idleSince < timeoutMs) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    idleSince = System.currentTimeMillis();
                    System.out.printf("%s-%d@%d key=%s run_id=%s%n%s%n", record.topic(), record.partition(), record.offset(),
                            record.key(), Headers.lastValue(record.headers(), Headers.RUN_ID), Printing.pretty(record.value()));
                    if (++seen >= max) {
                        break;
                    }
                }
            }
        }
        return 0;
    }
}
