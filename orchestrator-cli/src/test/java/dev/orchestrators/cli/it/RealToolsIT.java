package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.cli.CommandRun;
import dev.orchestrators.cli.real.LocalSystems;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.flow.FlowEnvironment;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.samples.SampleFlows;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.JsonSerde;
import dev.orchestrators.localservers.FaultySmtpServer;
import dev.orchestrators.tools.ConfiguredTools;
import jakarta.mail.internet.MimeMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference flows on real systems over a real broker: {@code lead_sync} reads PostgreSQL, calls the company API over
 * HTTP and emails through SMTP; {@code account_provisioning} writes and, when it compensates, deletes CRM rows in
 * PostgreSQL. While they run, the stream threads are sampled and never found inside a blocking client; the database
 * password (a {@code file:} secret) is found in no topic and no command output.
 */
@Timeout(300)
class RealToolsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** Frames of blocking clients: a stream thread must never be inside one. */
    private static final List<String> BLOCKING_CLIENTS = List.of("org.postgresql.", "com.zaxxer.hikari.", "jakarta.mail.",
            "org.eclipse.angus.");

    @RegisterExtension
    static final KafkaBroker broker = new KafkaBroker();

    @TempDir
    static Path dir;

    private static LocalSystems systems;
    private static ConfiguredTools tools;

    @BeforeAll
    static void startSystems() {
        Assumptions.assumeTrue(LocalSystems.unavailableReason().isEmpty(), () -> LocalSystems.unavailableReason().orElseThrow());
        systems = LocalSystems.start(dir.resolve("systems"), Duration.ofMillis(5));
        tools = ConfiguredTools.from(systems.toolSettings());
    }

    @AfterAll
    static void stopSystems() {
        if (tools != null) {
            tools.close();
        }
        if (systems != null) {
            systems.close();
        }
    }

    private static OrchestratorRuntime start(String flow) {
        return start(flow, SampleEnvironment.immediate());
    }

    private static OrchestratorRuntime start(String flow, SampleEnvironment samples) {
        return start(flow, samples, Map.of());
    }

    private static OrchestratorRuntime start(String flow, SampleEnvironment samples, Map<String, String> extra) {
        return start(tools, flow, samples, extra);
    }

    private static OrchestratorRuntime start(ConfiguredTools tools, String flow, SampleEnvironment samples, Map<String, String> extra) {
        Registry registry = tools.applyTo(Registry.newBuilder()
                .register(SampleFlows.all(samples).stream().filter(f -> f.name().equals(flow)).findFirst().orElseThrow())
                .build());
        OrchestratorContext context = OrchestratorContext.newBuilder().deliveryGate(DeliveryGate.open()).build();
        Map<String, Object> config = Runtimes.config(broker.bootstrapServers(), flow, "real-" + UUID.randomUUID() + "-", dir);
        config.putAll(extra);
        return Runtimes.startAndAwaitRunning(registry, context, config);
    }

    @Test
    void shouldRunLeadSyncOnPostgresHttpAndSmtpWithoutAStreamThreadEverInsideABlockingClient() throws Exception {
        // given lead_sync on real tools archiving to S3, and a sampler of the stream threads' stacks
        ThreadSampler sampler = new ThreadSampler();
        try (OrchestratorRuntime runtime = start("lead_sync", SampleEnvironment.immediate(), systems.archiveSettings());
             TopicReader<Envelope> results = TopicReader.readCommitted(broker.bootstrapServers(), TopicNames.results("lead_sync"),
                     JsonSerde.envelope().deserializer())) {
            sampler.start();

            // when 300 leads are requested
            int count = 300;
            try (Requests requests = Requests.to(broker.bootstrapServers(), "lead_sync")) {
                for (int i = 1; i <= count; i++) {
                    requests.publish("L-" + i, Requests.leadSync("real-" + i, "L-" + i));
                }
            }

            // then every lead is answered OK, with its row's email, its company from the API and a delivery id
            Map<String, Envelope> envelopes = new ConcurrentHashMap<>();
            // (the topic may hold other tests' requests too: this runtime reads it from the start)
            eventually(PATIENCE).until(() -> {
                results.poll().stream().filter(r -> r.value().runId().startsWith("real-"))
                        .forEach(r -> envelopes.put(r.value().runId(), r.value()));
                return envelopes.size() >= count;
            });
            sampler.stop();
            assertThat(envelopes.values()).allSatisfy(e -> {
                assertThat(e.status()).as(e.runId()).isEqualTo(RunStatus.OK);
                assertThat(e.records()).singleElement().satisfies(r -> assertThat(r.fields())
                        .containsKeys("email", "company_name", "delivery_id"));
            });
            assertThat(systems.smtp().awaitReceived(count, PATIENCE)).isTrue();
            Set<String> messageIds = new HashSet<>();
            List<MimeMessage> received = systems.smtp().received();
            for (MimeMessage mail : received) {
                messageIds.add(mail.getMessageID());
            }
            // one email per delivery: no Message-ID twice, and each run's delivery id is an email that arrived
            assertThat(messageIds).hasSize(received.size());
            assertThat(envelopes.values()).allSatisfy(e -> assertThat(messageIds)
                    .contains(String.valueOf(e.records().get(0).fields().get("delivery_id"))));
            assertThat(sampler.streamThreadSamples()).as("stream threads were sampled").isPositive();
            assertThat(sampler.insideBlockingClient()).as("stream-thread stacks inside a blocking client").isEmpty();
            // and every final envelope reached the S3 archive
            eventually(PATIENCE).until(() -> systems.archivedEnvelopes().stream().filter(l -> l.contains("\"run_id\":\"real-"))
                    .map(l -> l.replaceAll(".*\"run_id\":\"(real-[0-9]+)\".*", "$1")).distinct().count() >= count);
        } finally {
            sampler.stop();
        }
    }

    @Test
    void shouldWriteACrmRowOnceAndDeleteItWhenTheSagaCompensates() throws Exception {
        try (OrchestratorRuntime runtime = start("account_provisioning");
             TopicReader<Envelope> results = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.results("account_provisioning"), JsonSerde.envelope().deserializer())) {
            // when one account succeeds and one fails at its mailbox (plan legacy)
            try (Requests requests = Requests.to(broker.bootstrapServers(), "account_provisioning")) {
                requests.publish("A-1", "{\"run_id\":\"acct-1\",\"payload\":"
                        + "{\"account_id\":\"A-1\",\"email\":\"a1@acme.example\",\"plan\":\"team\"}}");
                requests.publish("A-2", "{\"run_id\":\"acct-2\",\"payload\":"
                        + "{\"account_id\":\"A-2\",\"email\":\"a2@acme.example\",\"plan\":\"legacy\"}}");
            }

            // then A-1 is OK with its row, A-2 FAILED with its row written and deleted again by crm_delete
            Map<String, Envelope> envelopes = new ConcurrentHashMap<>();
            eventually(PATIENCE).until(() -> {
                results.poll().forEach(r -> envelopes.put(r.value().runId(), r.value()));
                return envelopes.containsKey("acct-1") && envelopes.containsKey("acct-2");
            });
            assertThat(envelopes.get("acct-1").status()).isEqualTo(RunStatus.OK);
            assertThat(envelopes.get("acct-2").status()).isEqualTo(RunStatus.FAILED);
            assertThat(query("SELECT account_id FROM crm_accounts WHERE account_id LIKE 'A-%' ORDER BY id")).containsExactly("A-1");
            assertThat(query("SELECT count(*) FROM orchestrator_tool_idempotency WHERE idempotency_key LIKE 'acct-2:%'"))
                    .containsExactly("2");
        }
    }

    @Test
    void shouldWriteEachCrmRowExactlyOnceWhenPostgresIsKilledAndRestartedMidStream() throws Exception {
        // given account_provisioning on PostgreSQL, retrying long enough to outlast a restart
        SampleEnvironment patient = SampleEnvironment.of(new FlowEnvironment(Map.of(SampleEnvironment.RETRY_ATTEMPTS, "10",
                SampleEnvironment.RETRY_INITIAL_MS, "200", SampleEnvironment.RETRY_MAX_MS, "3000")));
        int count = 120;
        try (OrchestratorRuntime runtime = start("account_provisioning", patient);
             TopicReader<Envelope> results = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.results("account_provisioning"), JsonSerde.envelope().deserializer());
             Requests requests = Requests.to(broker.bootstrapServers(), "account_provisioning")) {
            for (int i = 1; i <= count; i++) {
                requests.publish("K-" + i, "{\"run_id\":\"kill-" + i + "\",\"payload\":{\"account_id\":\"K-" + i
                        + "\",\"email\":\"k" + i + "@acme.example\",\"plan\":\"team\"}}");
            }

            // when PostgreSQL dies hard once some rows are written, and comes back
            eventually(PATIENCE).until(() -> Integer.parseInt(query("SELECT count(*) FROM crm_accounts WHERE account_id LIKE 'K-%'")
                    .get(0)) >= 10);
            systems.postgres().kill();
            systems.postgres().restart();

            // then every run is answered OK, and each account has exactly one row
            Map<String, Envelope> envelopes = new ConcurrentHashMap<>();
            eventually(Duration.ofSeconds(180)).until(() -> {
                results.poll().forEach(r -> envelopes.put(r.value().runId(), r.value()));
                return envelopes.keySet().stream().filter(id -> id.startsWith("kill-")).count() >= count;
            });
            assertThat(envelopes.values().stream().filter(e -> e.runId().startsWith("kill-")))
                    .allSatisfy(e -> assertThat(e.status()).as(e.runId() + " " + e.metadata().error()).isEqualTo(RunStatus.OK));
            assertThat(query("SELECT count(*) FROM crm_accounts WHERE account_id LIKE 'K-%'")).containsExactly(Integer.toString(count));
            assertThat(query("SELECT count(*) FROM (SELECT account_id FROM crm_accounts WHERE account_id LIKE 'K-%' "
                    + "GROUP BY account_id HAVING count(*) > 1) AS twice")).containsExactly("0");
        }
    }

    @Test
    void shouldReportAnEmailWhoseOutcomeCannotBeKnownAsIndeterminateAndNeverSendItAgain() throws Exception {
        // given lead_sync delivering through an SMTP server that drops the connection after the message's final dot
        Map<String, String> settings = new java.util.TreeMap<>(systems.toolSettings());
        try (FaultySmtpServer smtp = FaultySmtpServer.start().drop(FaultySmtpServer.Stage.END_OF_DATA)) {
            settings.put("tool.delivery.host", smtp.host());
            settings.put("tool.delivery.port", Integer.toString(smtp.port()));
            try (ConfiguredTools dropping = ConfiguredTools.from(settings);
                 OrchestratorRuntime runtime = start(dropping, "lead_sync", SampleEnvironment.immediate(), Map.of());
                 TopicReader<Envelope> results = TopicReader.readCommitted(broker.bootstrapServers(),
                         TopicNames.results("lead_sync"), JsonSerde.envelope().deserializer());
                 TopicReader<AuditRecord> audit = TopicReader.readCommitted(broker.bootstrapServers(), TopicNames.AUDIT,
                         JsonSerde.auditRecord().deserializer())) {
                // when
                try (Requests requests = Requests.to(broker.bootstrapServers(), "lead_sync")) {
                    requests.publish("L-7", Requests.leadSync("indeterminate-1", "L-7"));
                }

                // then the run FAILED as indeterminate, naming the key, and the message was sent once, not retried
                Map<String, Envelope> envelopes = new ConcurrentHashMap<>();
                eventually(PATIENCE).until(() -> {
                    results.poll().forEach(r -> envelopes.put(r.value().runId(), r.value()));
                    return envelopes.containsKey("indeterminate-1");
                });
                Envelope envelope = envelopes.get("indeterminate-1");
                assertThat(envelope.status()).isEqualTo(RunStatus.FAILED);
                assertThat(envelope.metadata().error().type()).isEqualTo("IndeterminateOutcome");
                assertThat(envelope.metadata().details()).containsEntry("outcome", "indeterminate")
                        .containsEntry("idempotency_key", "indeterminate-1:delivery:L-7");
                assertThat(smtp.messages()).hasSize(1);
                // and the audit's side-effect entry says so
                eventually(PATIENCE).until(() -> audit.poll().stream().map(ConsumerRecord::value)
                        .anyMatch(r -> r.runId().equals("indeterminate-1") && "indeterminate".equals(r.details().get("outcome"))));
            }
        }
    }

    @Test
    void shouldKeepTheDatabasePasswordOutOfEveryTopicAndTheCommandsOutput() throws Exception {
        // given the runs of the other tests (or these) have written results, audit entries and dead letters
        try (OrchestratorRuntime runtime = start("lead_sync");
             TopicReader<Envelope> results = TopicReader.readCommitted(broker.bootstrapServers(), TopicNames.results("lead_sync"),
                     JsonSerde.envelope().deserializer())) {
            try (Requests requests = Requests.to(broker.bootstrapServers(), "lead_sync")) {
                requests.publish("hostile", Requests.leadSync("hostile-1", "'; DROP TABLE leads; --"));
                requests.publish("broken", "{not json");
            }
            List<Envelope> seen = new ArrayList<>();
            eventually(PATIENCE).until(() -> {
                results.poll().forEach(r -> seen.add(r.value()));
                return seen.stream().anyMatch(e -> e.runId().equals("hostile-1"));
            });
            // the malformed record's dead letter (on another partition, perhaps) is written too
            try (TopicReader<byte[]> deadLetters = TopicReader.readCommitted(broker.bootstrapServers(),
                    TopicNames.deadLetters("lead_sync"), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
                eventually(PATIENCE).until(() -> !deadLetters.poll().isEmpty());
            }
        }
        String password = systems.postgres().password();

        // then the hostile id was only a value: the table is intact
        assertThat(query("SELECT count(*) FROM leads")).containsExactly("100000");
        // and no topic holds the password
        for (String topic : List.of(TopicNames.results("lead_sync"), TopicNames.AUDIT, TopicNames.deadLetters("lead_sync"))) {
            assertThat(valuesOf(topic)).as(topic).isNotEmpty().noneMatch(v -> v.contains(password));
        }
        // nor does what the commands print about the flows and tools
        List<String> options = new ArrayList<>();
        systems.toolSettings().forEach((k, v) -> options.addAll(List.of("-D", k + "=" + v)));
        for (String command : List.of("tools", "flows")) {
            List<String> arguments = new ArrayList<>(List.of(command, "--flows", "lead_sync"));
            arguments.addAll(options);
            CommandRun run = CommandRun.of(arguments);
            assertThat(run.out() + run.err()).as(command).doesNotContain(password).contains("lead_sync");
        }
    }

    private static List<String> query(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = systems.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Samples every Kafka Streams thread's stack every 5 ms and keeps those inside a blocking client. */
    private static final class ThreadSampler {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicInteger samples = new AtomicInteger();
        private final List<String> inside = new java.util.concurrent.CopyOnWriteArrayList<>();

        void start() {
            timer.scheduleAtFixedRate(this::sample, 0, 5, TimeUnit.MILLISECONDS);
        }

        void stop() {
            timer.shutdownNow();
        }

        private void sample() {
            for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
                if (!info.getThreadName().contains("StreamThread")) {
                    continue;
                }
                samples.incrementAndGet();
                for (StackTraceElement frame : info.getStackTrace()) {
                    if (BLOCKING_CLIENTS.stream().anyMatch(frame.getClassName()::startsWith)) {
                        inside.add(info.getThreadName() + " " + info.getThreadState() + " at " + frame);
                        break;
                    }
                }
            }
        }

        int streamThreadSamples() {
            return samples.get();
        }

        List<String> insideBlockingClient() {
            return inside;
        }
    }

    /** Every value of {@code topic}, committed or not, as text. */
    private static List<String> valuesOf(String topic) {
        try (TopicReader<byte[]> reader = TopicReader.readUncommitted(broker.bootstrapServers(), topic,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            eventually(PATIENCE).until(reader::caughtUp);
            return reader.poll().stream().map(RealToolsIT::text).toList();
        }
    }

    private static String text(ConsumerRecord<String, byte[]> record) {
        return record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
    }
}
