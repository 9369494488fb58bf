package dev.orchestrators.cli;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.kinds.archiver.FileArchiveStore;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.serde.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

/**
 * {@code orchestrator demo}: start a real broker, run every reference flow, publish requests that show each
 * kind at work (a routed email, a saga that compensates, a reminder, an aggregation with a source down, a
 * malformed record), and print what came back: envelopes, audit entries, dead letters, telemetry and the
 * archive.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded Kafka broker, run the reference flows (lead_sync, support_triage, account_provisioning, "
                + "followup_reminder, company_search), publish sample requests (and one malformed record), print the envelopes, "
                + "audit entries, dead letter, telemetry and archive, and exit. With --real, on real systems started here.")
final class DemoCommand implements Callable<Integer> {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Mixin
    FlowOptions options = new FlowOptions();

    @picocli.CommandLine.Option(names = "--real", description = "Run lead_sync, company_search and account_provisioning on real "
            + "systems started on this machine (PostgreSQL from the machine's binaries, an SMTP server, a company API over HTTP, "
            + "in-process embeddings over a Lucene index), configured by tool.<name>.* keys; see README 'Real tools'.")
    boolean real;

    DemoCommand() {
        options.brokerPort = 0; // any free port, so the demo runs beside a running `orchestrator run`
        options.partitions = 1;
        options.environmentVariables = Map.of(); // self-contained: ORCHESTRATOR_* variables meant for a worker never send it elsewhere
    }

    /** One request of the demo and what it is meant to show. */
    private record Sample(String flow, String key, String runId, String payload, String shows) {
    }

    private static List<Sample> samples() {
        return List.of(
                new Sample("lead_sync", "L-1001", "demo-lead-1", "{\"lead_id\":\"L-1001\"}", "a coordinator: fetch, enrich, deliver (gated)"),
                new Sample("lead_sync", "L-1002", "demo-lead-2", "{\"lead_id\":\"L-1002\"}", "same flow, another key"),
                new Sample("support_triage", "ada@acme.example", "demo-email-1", "{\"from\":\"ada@acme.example\",\"subject\":"
                        + "\"Pricing for 40 seats\",\"body\":\"Could you send a quote?\"}", "router: a rule sends it to lead_intake"),
                new Sample("support_triage", "grace@globex.example", "demo-email-2", "{\"from\":\"grace@globex.example\",\"subject\":"
                        + "\"Cannot log in\",\"body\":\"The reset link does nothing\"}", "router: the classifier sends it to support_ticket"),
                new Sample("account_provisioning", "A-1", "demo-account-1", "{\"account_id\":\"A-1\",\"email\":\"a1@acme.example\","
                        + "\"plan\":\"team\"}", "saga: three side effects, all succeed"),
                new Sample("account_provisioning", "A-2", "demo-account-2", "{\"account_id\":\"A-2\",\"email\":\"a2@acme.example\","
                        + "\"plan\":\"legacy\"}", "saga: the third step fails, the first two are compensated in reverse"),
                new Sample("followup_reminder", "L-1003", "demo-reminder-1", "{\"delay\":\"PT2S\",\"key\":\"L-1003\",\"job\":"
                        + "{\"lead_id\":\"L-1003\"}}", "scheduler: a lead_sync run of L-1003 in 2 s"),
                new Sample("company_search", "acme", "demo-search-1", "{\"query\":\"acme\"}", "aggregator: three sources merged by domain"),
                new Sample("company_search", "acme-outage", "demo-search-2", "{\"query\":\"acme outage\"}",
                        "aggregator: the external API is down, the envelope is PARTIAL"));
    }

    /**
     * Runs the demo in a data directory of its own under the worker's ({@code orchestrator.data.dir}): the flows'
     * state and the archive live there, and it is removed when the demo stops, as the embedded broker's data is.
     */
    @Override
    public Integer call() throws Exception {
        Path dataDir = Path.of(options.config().getString(OrchestratorConfig.DATA_DIR_CONFIG));
        try (ScratchDirectory scratch = ScratchDirectory.in(dataDir, "demo-")) {
            options.extra.put(OrchestratorConfig.DATA_DIR_CONFIG, scratch.path().toString());
            if (real) {
                return new RealDemo(options).run();
            }
            return run(scratch);
        }
    }

    private int run(ScratchDirectory scratch) throws Exception {
        options.extra.putIfAbsent(OrchestratorConfig.SAMPLE_RATE_CONFIG, "1.0");
        options.extra.putIfAbsent(OrchestratorConfig.ARCHIVE_DIR_CONFIG, scratch.path().resolve("archive").toString());
        options.extra.putIfAbsent(OrchestratorConfig.SCHEDULER_TICK_MS_CONFIG, "200");
        Path archive = Path.of(options.extra.get(OrchestratorConfig.ARCHIVE_DIR_CONFIG));
        try (Cluster cluster = Cluster.start(options.config());
             OrchestratorRuntime runtime = OrchestratorRuntime.start(options.registry(), options.context(), cluster.config(),
                     options.meters())) {
            runtime.awaitRunning(Duration.ofMinutes(2));
            System.out.println("== real Kafka broker (KRaft) on " + runtime.bootstrapServers() + "; flows " + runtime.flows()
                    + "; allow_delivery=" + options.allowDelivery);
            publish(runtime.bootstrapServers());
            Collected collected = collect(runtime.bootstrapServers());
            return report(collected, archive, scratch.holds(archive));
        }
    }

    private void publish(String bootstrap) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(bootstrap))) {
            for (Sample s : samples()) {
                String json = "{\"run_id\":\"" + s.runId() + "\",\"payload\":" + s.payload() + "}";
                producer.send(new ProducerRecord<>(TopicNames.requests(s.flow()), s.key(), json)).get();
                System.out.printf(">> %-22s %s%n   (%s)%n", TopicNames.requests(s.flow()), json, s.shows());
            }
            producer.send(new ProducerRecord<>(TopicNames.requests("lead_sync"), "broken", "{this is not json")).get();
            System.out.println(">> lead_sync.requests     {this is not json   (malformed on purpose: a dead letter)");
        }
    }

    /** What came back: envelopes by run id (with the topic they came on), audit entries, dead letters, telemetry. */
    private static final class Collected {
        final Map<String, Envelope> envelopes = new LinkedHashMap<>();
        final Map<String, String> topicOf = new LinkedHashMap<>();
        final Map<String, AuditRecord> audit = new LinkedHashMap<>();
        final List<String> deadLetters = new ArrayList<>();
        final List<String> compensations = new ArrayList<>();
        final List<String> telemetry = new ArrayList<>();
    }

    private Collected collect(String bootstrap) {
        Collected c = new Collected();
        List<String> expected = new ArrayList<>(samples().stream().map(Sample::runId).toList());
        expected.add("job-demo-reminder-1"); // the reminder's own lead_sync run
        Properties props = consumerProperties(bootstrap, "orchestrator-demo");
        List<String> topics = new ArrayList<>(List.of(TopicNames.AUDIT, TopicNames.deadLetters("lead_sync"),
                TopicNames.compensations("account_provisioning"), TopicNames.TELEMETRY));
        for (String flow : List.of("lead_sync", "support_triage", "account_provisioning", "followup_reminder", "company_search")) {
            topics.add(TopicNames.results(flow));
        }
        Instant deadline = options.clock.instant().plus(PATIENCE);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(topics);
            while (options.clock.instant().isBefore(deadline) && !(c.envelopes.keySet().containsAll(expected)
                    && !c.deadLetters.isEmpty() && auditedEnvelopes(c) >= expected.size())) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    take(c, record);
                }
            }
        }
        return c;
    }

    /** A producer of string requests, as a plain Kafka client publishes them. */
    static Properties producerProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return props;
    }

    /** A {@code read_committed} consumer of group {@code group} from the earliest offset, values as bytes. */
    static Properties consumerProperties(String bootstrap, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private static void take(Collected c, ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        if (topic.endsWith(".results")) {
            Envelope e = JsonSerde.envelope().deserializer().deserialize(topic, record.value());
            // A routed request is answered on the sub-flow's results and the router's: show it as the router's.
            if (!c.topicOf.containsKey(e.runId()) || topic.equals("support_triage.results")) {
                c.envelopes.put(e.runId(), e);
                c.topicOf.put(e.runId(), topic);
            }
        } else if (topic.equals(TopicNames.AUDIT)) {
            c.audit.put(record.key(), JsonSerde.auditRecord().deserializer().deserialize(topic, record.value()));
        } else if (topic.endsWith(".dlq")) {
            c.deadLetters.add(String.format("key=%s value=%s reason=\"%s\"", record.key(),
                    new String(record.value(), StandardCharsets.UTF_8), Headers.lastValue(record.headers(), Headers.DLQ_REASON)));
        } else if (topic.endsWith(".compensations")) {
            c.compensations.add(new String(record.value(), StandardCharsets.UTF_8));
        } else {
            c.telemetry.add(new String(record.value(), StandardCharsets.UTF_8));
        }
    }

    private static long auditedEnvelopes(Collected c) {
        return c.audit.values().stream().filter(r -> r.kind() == AuditKind.ENVELOPE).count();
    }

    private int report(Collected c, Path archive, boolean temporaryArchive) {
        for (Sample s : samples()) {
            Envelope e = c.envelopes.get(s.runId());
            System.out.println("\n== " + s.flow() + ": " + s.shows());
            System.out.print(e == null ? "  (no envelope yet)\n" : "  on " + c.topicOf.get(s.runId()) + "\n" + Printing.summary(e));
        }
        Envelope reminded = c.envelopes.get("job-demo-reminder-1");
        System.out.println("\n== the reminder's lead_sync run, emitted by followup_reminder when due");
        System.out.print(reminded == null ? "  (not emitted yet)\n" : Printing.summary(reminded));
        System.out.println("\n== account_provisioning.compensations (" + c.compensations.size() + " commands)");
        c.compensations.forEach(cmd -> System.out.println("  " + cmd));
        System.out.println("\n== " + TopicNames.AUDIT + " (compacted; " + c.audit.size() + " entries)");
        c.audit.forEach((key, record) -> System.out.print(Printing.summary(key, record)));
        System.out.println("\n== lead_sync.dlq");
        c.deadLetters.forEach(d -> System.out.println("  " + d));
        System.out.println("\n== " + TopicNames.TELEMETRY + " (" + c.telemetry.size() + " sampled snapshots; no payload data)");
        c.telemetry.stream().limit(3).forEach(t -> System.out.println("  " + t));
        int archived = countArchived(archive);
        System.out.println("\n== archive " + archive + ": " + archived + " envelopes in gzip JSON Lines (fsynced before the audit offsets commit"
                + (temporaryArchive ? "; removed with the demo's data when it exits)" : ")"));
        List<String> missing = new ArrayList<>(samples().stream().map(Sample::runId).filter(id -> !c.envelopes.containsKey(id)).toList());
        if (reminded == null) {
            missing.add("job-demo-reminder-1");
        }
        boolean sagaUndone = c.envelopes.containsKey("demo-account-2") && c.envelopes.get("demo-account-2").status() == RunStatus.FAILED
                && c.compensations.size() == 2;
        boolean complete = missing.isEmpty() && !c.deadLetters.isEmpty() && sagaUndone;
        System.out.println(complete ? "\ndemo complete." : "\ndemo INCOMPLETE within " + PATIENCE.toSeconds() + " s: missing " + missing
                + (sagaUndone ? "" : "; the saga was not compensated as expected") + (c.deadLetters.isEmpty() ? "; no dead letter" : ""));
        return complete ? 0 : 1;
    }

    private static int countArchived(Path archive) {
        try (var dirs = Files.list(archive)) {
            return dirs.filter(Files::isDirectory).mapToInt(dir -> FileArchiveStore.readAll(dir).size()).sum();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
