package dev.orchestrators.cli;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.samples.LeadSyncSample;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.Json;
import dev.orchestrators.streams.serde.JsonSerde;
import dev.orchestrators.streams.serde.Request;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code orchestrator demo}: start a real broker, run {@code lead_sync}, publish a few lead events and
 * one malformed record, and print the envelopes, audit entries and the dead letter.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded Kafka broker, run lead_sync, publish sample lead events (and one malformed record), print the envelopes, audit entries and dead letter, and exit.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    FlowOptions options = new FlowOptions();

    @Option(names = "--leads", description = "How many lead events to publish (default: ${DEFAULT-VALUE}).")
    int leads = 5;

    DemoCommand() {
        options.brokerPort = 0; // any free port, so the demo runs beside a running `orchestrator run`
        options.partitions = 1;
    }

    @Override
    public Integer call() throws Exception {
        try (OrchestratorRuntime runtime = OrchestratorRuntime.start(FlowOptions.registry(), options.context(), options.config())) {
            runtime.awaitRunning(Duration.ofMinutes(2));
            String flow = LeadSyncSample.FLOW;
            System.out.println("== real Kafka broker (KRaft) on " + runtime.bootstrapServers() + "; flow " + flow
                    + " running, allow_delivery=" + options.allowDelivery);
            List<String> runIds = publish(runtime.bootstrapServers(), flow);
            return collectAndPrint(runtime.bootstrapServers(), flow, runIds);
        }
    }

    private List<String> publish(String bootstrap, String flow) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        List<String> runIds = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 1; i <= leads; i++) {
                String leadId = "L-" + (1000 + i);
                String runId = "demo-run-" + i;
                runIds.add(runId);
                String json = Json.mapper().writeValueAsString(new Request(runId, Map.of("lead_id", leadId)));
                producer.send(new ProducerRecord<>(TopicNames.requests(flow), leadId, json)).get();
                System.out.println(">> published to " + TopicNames.requests(flow) + ": " + json);
            }
            producer.send(new ProducerRecord<>(TopicNames.requests(flow), "broken", "{this is not json")).get();
            System.out.println(">> published to " + TopicNames.requests(flow) + ": {this is not json   (malformed on purpose)");
        }
        return runIds;
    }

    private int collectAndPrint(String bootstrap, String flow, List<String> runIds) {
        Map<String, Envelope> envelopes = new LinkedHashMap<>();
        Map<String, AuditRecord> audit = new LinkedHashMap<>();
        List<String> deadLetters = new ArrayList<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "orchestrator-demo");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        long deadline = System.currentTimeMillis() + 60_000;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(TopicNames.results(flow), TopicNames.AUDIT, TopicNames.deadLetters(flow)));
            while (System.currentTimeMillis() < deadline
                    && (envelopes.size() < runIds.size() || deadLetters.isEmpty() || countEnvelopeAudits(audit) < runIds.size())) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(TopicNames.results(flow))) {
                        Envelope e = JsonSerde.envelope().deserializer().deserialize(record.topic(), record.value());
                        envelopes.put(e.runId(), e);
                    } else if (record.topic().equals(TopicNames.AUDIT)) {
                        audit.put(record.key(), JsonSerde.auditRecord().deserializer().deserialize(record.topic(), record.value()));
                    } else {
                        deadLetters.add(String.format("dead letter key=%s value=%s reason=\"%s\" from %s-%s@%s", record.key(),
                                new String(record.value(), StandardCharsets.UTF_8), Headers.lastValue(record.headers(), Headers.DLQ_REASON),
                                Headers.lastValue(record.headers(), Headers.DLQ_TOPIC),
                                Headers.lastValue(record.headers(), Headers.DLQ_PARTITION),
                                Headers.lastValue(record.headers(), Headers.DLQ_OFFSET)));
                    }
                }
            }
        }
        System.out.println("\n== " + TopicNames.results(flow) + " (" + envelopes.size() + " envelopes)");
        envelopes.values().forEach(e -> System.out.print(Printing.summary(e)));
        if (!envelopes.isEmpty()) {
            System.out.println("\n== the first envelope as JSON, as any Kafka client reads it");
            System.out.println(Printing.pretty(new String(JsonSerde.envelope().serializer().serialize("", envelopes.values().iterator().next()),
                    StandardCharsets.UTF_8)));
        }
        System.out.println("\n== " + TopicNames.AUDIT + " (compacted; " + audit.size() + " entries)");
        audit.forEach((key, record) -> System.out.print(Printing.summary(key, record)));
        System.out.println("\n== " + TopicNames.deadLetters(flow));
        deadLetters.forEach(System.out::println);
        boolean complete = envelopes.keySet().containsAll(runIds) && !deadLetters.isEmpty() && countEnvelopeAudits(audit) >= runIds.size();
        System.out.println(complete ? "\ndemo complete." : "\ndemo INCOMPLETE: not every envelope, audit entry or dead letter arrived within 60 s.");
        return complete ? 0 : 1;
    }

    private static long countEnvelopeAudits(Map<String, AuditRecord> audit) {
        return audit.values().stream().filter(r -> r.kind() == AuditKind.ENVELOPE).count();
    }
}
