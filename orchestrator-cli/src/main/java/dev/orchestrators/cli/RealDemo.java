package dev.orchestrators.cli;

import dev.orchestrators.cli.real.LocalSystems;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.time.Sleeper;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.JsonSerde;
import dev.orchestrators.tools.ToolAdapter;
import dev.orchestrators.tools.ToolHealth;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code demo --real}: the reference flows on real systems started on this machine ({@link LocalSystems}: PostgreSQL,
 * SMTP, the company API over HTTP, in-process embeddings over a Lucene index), configured by the same
 * {@code tool.<name>.*} keys a user gives for their own systems. Publishes requests, prints the envelopes, the emails
 * the SMTP server received and the CRM rows, checks each against what it must show, and exits 0 when all hold.
 */
final class RealDemo {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final List<String> FLOWS = List.of("lead_sync", "company_search", "account_provisioning");

    /** A request and the check its envelope must pass. */
    private record Sample(String flow, String key, String runId, String payload, String shows, Predicate<Envelope> check) {
    }

    private final FlowOptions options;

    RealDemo(FlowOptions options) {
        this.options = options;
    }

    private static List<Sample> samples() {
        return List.of(
                new Sample("lead_sync", "L-42", "real-lead-1", "{\"lead_id\":\"L-42\"}",
                        "lead from PostgreSQL, company from the HTTP API, emailed over SMTP",
                        e -> e.status() == RunStatus.OK && e.records().size() == 1 && e.records().get(0).fields().containsKey("delivery_id")),
                new Sample("lead_sync", "L-4242", "real-lead-2", "{\"lead_id\":\"L-4242\"}", "another lead, another email",
                        e -> e.status() == RunStatus.OK && e.records().size() == 1),
                new Sample("company_search", "acme", "real-search-1", "{\"query\":\"acme\"}",
                        "PostgreSQL, the vector index and the HTTP API at once, merged by domain",
                        e -> e.status() == RunStatus.OK && e.records().stream().anyMatch(r -> r.key().equals("acme.example"))),
                new Sample("company_search", "rockets", "real-search-2", "{\"query\":\"rocket engines for satellites\"}",
                        "a semantic match: no name contains the words; ranked by embedding similarity, score in the provenance",
                        e -> e.records().stream().anyMatch(RealDemo::scored)),
                new Sample("account_provisioning", "A-1", "real-account-1", "{\"account_id\":\"A-1\",\"email\":\"a1@acme.example\","
                        + "\"plan\":\"team\"}", "saga: a CRM row written in PostgreSQL (and the other steps)",
                        e -> e.status() == RunStatus.OK),
                new Sample("account_provisioning", "A-2", "real-account-2", "{\"account_id\":\"A-2\",\"email\":\"a2@acme.example\","
                        + "\"plan\":\"legacy\"}", "saga: the mailbox fails, so the CRM row is deleted again in PostgreSQL",
                        e -> e.status() == RunStatus.FAILED));
    }

    private static boolean scored(EnvelopeRecord record) {
        return record.provenance().stream().anyMatch(p -> p.score() != null);
    }

    int run() throws Exception {
        var reason = LocalSystems.unavailableReason();
        if (reason.isPresent()) {
            System.out.println("demo --real needs a PostgreSQL server on this machine: " + reason.get());
            return 1;
        }
        // In the OS temp directory, not the demo's data directory: PostgreSQL's server may run as another user.
        try (ScratchDirectory scratch = ScratchDirectory.temporary("orchestrator-real-demo-");
             LocalSystems systems = LocalSystems.start(scratch.path(), Duration.ZERO)) {
            Path dir = scratch.path();
            options.extra.putAll(systems.toolSettings());
            options.extra.putAll(systems.archiveSettings());
            options.allowDelivery = true;
            options.flows = FLOWS;
            System.out.println("== real systems: PostgreSQL " + systems.postgres().jdbcUrl() + ", SMTP " + systems.smtp().host() + ":"
                    + systems.smtp().port() + ", company API " + systems.api().baseUrl() + ", S3 " + systems.s3().endpoint()
                    + " (the archive), vector index in " + dir);
            printTools();
            try (Cluster cluster = Cluster.start(options.config());
                 OrchestratorRuntime runtime = OrchestratorRuntime.start(options.registry(), options.context(), cluster.config(),
                         options.meters())) {
                runtime.awaitRunning(Duration.ofMinutes(2));
                System.out.println("== real Kafka broker (KRaft) on " + runtime.bootstrapServers() + "; flows " + runtime.flows()
                        + "; allow_delivery=true");
                publish(runtime.bootstrapServers());
                Map<String, Envelope> envelopes = collect(runtime.bootstrapServers());
                return report(envelopes, systems);
            }
        }
    }

    private void printTools() {
        System.out.println("== tools configured by tool.<name>.* (bin/orchestrator tools shows the same)");
        for (Map.Entry<String, ToolAdapter> e : options.tools().adapters().entrySet()) {
            ToolHealth health = e.getValue().checkHealth().toCompletableFuture().completeOnTimeout(
                    ToolHealth.down("no answer in 30 s", Duration.ofSeconds(30)), 30, TimeUnit.SECONDS).join();
            System.out.printf("  %-22s %-14s %-5s %s (%s)%n", e.getKey(), e.getValue().type(), e.getValue().capability(),
                    health.reachable() ? "reachable" : "UNREACHABLE", health.detail());
        }
    }

    private static void publish(String bootstrap) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(DemoCommand.producerProperties(bootstrap))) {
            for (Sample s : samples()) {
                String json = "{\"run_id\":\"" + s.runId() + "\",\"payload\":" + s.payload() + "}";
                producer.send(new ProducerRecord<>(TopicNames.requests(s.flow()), s.key(), json)).get();
                System.out.printf(">> %-28s %s%n   (%s)%n", TopicNames.requests(s.flow()), json, s.shows());
            }
        }
    }

    private Map<String, Envelope> collect(String bootstrap) {
        Map<String, Envelope> envelopes = new LinkedHashMap<>();
        Properties props = DemoCommand.consumerProperties(bootstrap, "orchestrator-real-demo");
        Instant deadline = options.clock.instant().plus(PATIENCE);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(FLOWS.stream().map(TopicNames::results).toList());
            while (options.clock.instant().isBefore(deadline) && envelopes.size() < samples().size()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Envelope e = JsonSerde.envelope().deserializer().deserialize(record.topic(), record.value());
                    envelopes.put(e.runId(), e);
                }
            }
        }
        return envelopes;
    }

    private int report(Map<String, Envelope> envelopes, LocalSystems systems) throws Exception {
        List<String> failed = new ArrayList<>();
        for (Sample s : samples()) {
            Envelope e = envelopes.get(s.runId());
            System.out.println("\n== " + s.flow() + ": " + s.shows());
            System.out.print(e == null ? "  (no envelope)\n" : Printing.summary(e));
            if (e == null || !s.check().test(e)) {
                failed.add(s.runId());
            }
        }
        systems.smtp().awaitReceived(2, Duration.ofSeconds(10));
        List<MimeMessage> mails = systems.smtp().received();
        System.out.println("\n== emails the SMTP server received (" + mails.size() + ")");
        for (MimeMessage mail : mails) {
            System.out.printf("  to %s  subject \"%s\"  Message-ID %s%n", String.join(",", mail.getHeader("To")), mail.getSubject(),
                    mail.getMessageID());
        }
        if (mails.size() != 2) {
            failed.add("2 emails (got " + mails.size() + ")");
        }
        List<String> rows = crmRows(systems);
        System.out.println("\n== crm_accounts in PostgreSQL (" + rows.size() + " rows; A-2's was deleted by its compensation)");
        rows.forEach(row -> System.out.println("  " + row));
        if (rows.size() != 1 || !rows.get(0).contains("A-1")) {
            failed.add("one CRM row, A-1's");
        }
        List<String> archived = awaitArchived(systems);
        System.out.println("\n== the archive in S3 (bucket " + systems.s3().bucket() + "): " + archived.size() + " envelopes in "
                + systems.s3().keys(systems.s3().bucket()).size() + " gzip JSON Lines objects");
        if (archived.size() < samples().size()) {
            failed.add("every envelope archived in S3 (" + archived.size() + ")");
        }
        System.out.println(failed.isEmpty() ? "\ndemo --real complete." : "\ndemo --real INCOMPLETE within " + PATIENCE.toSeconds()
                + " s: " + failed);
        return failed.isEmpty() ? 0 : 1;
    }

    /** The archived envelopes, once every sample's is there (the archiver syncs at each commit of the audit topic). */
    private List<String> awaitArchived(LocalSystems systems) throws InterruptedException {
        Instant deadline = options.clock.instant().plusSeconds(30);
        Sleeper sleeper = Sleeper.of(options.clock);
        List<String> archived = systems.archivedEnvelopes();
        while (archived.size() < samples().size() && options.clock.instant().isBefore(deadline)) {
            sleeper.sleep(Duration.ofMillis(200));
            archived = systems.archivedEnvelopes();
        }
        return archived;
    }

    private static List<String> crmRows(LocalSystems systems) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = systems.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, account_id, email, plan FROM crm_accounts ORDER BY id")) {
            while (rs.next()) {
                rows.add("id=" + rs.getLong(1) + " account_id=" + rs.getString(2) + " email=" + rs.getString(3) + " plan=" + rs.getString(4));
            }
        }
        return rows;
    }
}
