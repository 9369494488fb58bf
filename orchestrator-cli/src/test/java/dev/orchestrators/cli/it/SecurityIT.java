package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.broker.EmbeddedKafkaBroker;
import dev.orchestrators.cli.OrchestratorCommand;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.samples.SupportTriageSample;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.config.ClientSecurity;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Least privilege over a real secured broker: SASL/SCRAM-SHA-512 over TLS (SASL_SSL, certificates made with keytool)
 * and Kafka's standard authorizer, super user {@code admin}, plus a mutual-TLS listener. The administrator pre-creates {@code lead_sync}'s topics ({@code orchestrator topics --apply}) and
 * grants its generated ACLs to {@code User:lead-worker} ({@code orchestrator acls --apply}); a worker JVM started
 * as {@code lead-worker} (password from a file) then answers requests, while the same principal is refused
 * another flow's requests, results and group, and topic creation; a client without credentials cannot connect.
 * No password appears in the worker's log, the envelopes, the audit records or the telemetry. Over mutual TLS, the
 * certificate {@code CN=lead-worker} is {@code User:lead-worker}, with the same ACLs; without a certificate there
 * is no connection.
 */
@Timeout(180)
class SecurityIT {
    private static final String FLOW = "lead_sync";
    private static final String OTHER_FLOW = "company_search";
    private static final String WORKER = "lead-worker";
    private static final String ADMIN_PASSWORD = "admin-pw-" + UUID.randomUUID();
    private static final String WORKER_PASSWORD = "worker-pw-" + UUID.randomUUID();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static final String STORE_PASSWORD = "store-pw-" + UUID.randomUUID();

    private static EmbeddedKafkaBroker broker;
    private static Path adminPasswordFile;
    private static Path workerPasswordFile;
    private static Path storePasswordFile;
    private static Path clientTrustStore;
    private static Path workerKeyStore;
    private static String mutualTlsBootstrap;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        // certificates: the broker's (naming 127.0.0.1) and the worker's (CN=lead-worker, for mutual TLS)
        TestCertificates certificates = new TestCertificates(dir, STORE_PASSWORD);
        Path brokerKeyStore = certificates.keyStore("broker", "CN=localhost");
        workerKeyStore = certificates.keyStore(WORKER, "CN=" + WORKER);
        clientTrustStore = certificates.trustStore("client-truststore", "broker");
        Path brokerTrustStore = certificates.trustStore("broker-truststore", "broker", WORKER);
        // SASL_SSL (SCRAM-SHA-512) on the client listener; a second, mutual-TLS listener maps CN=<name> to User:<name>
        int mutualTlsPort = freePort();
        broker = EmbeddedKafkaBroker.newBuilder().port(0)
                .saslScram("admin", ADMIN_PASSWORD)
                .tls(brokerKeyStore, STORE_PASSWORD, brokerTrustStore, STORE_PASSWORD)
                .listener(new EmbeddedKafkaBroker.Listener("MTLS", "SSL", mutualTlsPort, mutualTlsPort))
                .brokerProperty("listener.name.mtls.ssl.client.auth", "required")
                .brokerProperty("listener.name.mtls.ssl.keystore.location", brokerKeyStore.toString())
                .brokerProperty("listener.name.mtls.ssl.keystore.password", STORE_PASSWORD)
                .brokerProperty("listener.name.mtls.ssl.key.password", STORE_PASSWORD)
                .brokerProperty("listener.name.mtls.ssl.truststore.location", brokerTrustStore.toString())
                .brokerProperty("listener.name.mtls.ssl.truststore.password", STORE_PASSWORD)
                .brokerProperty("ssl.principal.mapping.rules", "RULE:^CN=([^,]+)$/$1/,DEFAULT")
                .build().start();
        mutualTlsBootstrap = "127.0.0.1:" + mutualTlsPort;
        broker.createScramUser(WORKER, WORKER_PASSWORD);
        adminPasswordFile = Files.writeString(dir.resolve("admin.password"), ADMIN_PASSWORD + "\n");
        workerPasswordFile = Files.writeString(dir.resolve("worker.password"), WORKER_PASSWORD + "\n");
        storePasswordFile = Files.writeString(dir.resolve("store.password"), STORE_PASSWORD + "\n");
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldRunAWorkerWithOnlyItsGeneratedAclsAndRefuseItEverythingElse() throws Exception {
        // given: lead_sync's topics (and another flow's) created by the administrator, lead_sync's ACLs granted
        String prefix = grantLeadSyncToTheWorker();

        // when: a worker runs as lead-worker, with its password read from a file
        Workers workers = Workers.of(broker.bootstrapServers(), "exactly_once_v2", prefix).withSampleLatencyMs(0)
                .with("orchestrator.sample.rate=1.0")
                .withArguments("--security-protocol", "SASL_SSL", "--sasl-username", WORKER,
                        "--sasl-password-file", workerPasswordFile.toString(),
                        "--ssl-truststore", clientTrustStore.toString(), "--secret-file", "ssl.truststore.password=" + storePasswordFile);
        try (WorkerProcess worker = workers.start("lead-worker")) {
            eventually(PATIENCE).until(() -> worker.isRunning() || !worker.isAlive());
            assertThat(worker.isRunning()).as("worker running with its generated ACLs%s", Workers.logs(worker)).isTrue();

            // then: it answers requests the administrator publishes
            List<String> runIds = List.of("secure-1-" + UUID.randomUUID(), "secure-2-" + UUID.randomUUID());
            try (Requests requests = Requests.to(broker.bootstrapServers(), FLOW, adminProperties())) {
                for (int i = 0; i < runIds.size(); i++) {
                    requests.publishLead(new Requests.Lead("lead-" + i, runIds.get(i), "L-" + i));
                }
            }
            List<ConsumerRecord<String, String>> envelopes = awaitRecords(TopicNames.results(FLOW), runIds);
            List<ConsumerRecord<String, String>> audit = awaitRecords(TopicNames.AUDIT, runIds);
            List<ConsumerRecord<String, String>> telemetry = awaitRecords(TopicNames.TELEMETRY, runIds);
            assertThat(envelopes).hasSize(runIds.size());

            // and: the same principal may not read another flow's requests, join its group or write its results
            Map<String, Object> asWorker = clientProperties(WORKER, WORKER_PASSWORD);
            assertThatThrownBy(() -> readOnce(asWorker, TopicNames.requests(OTHER_FLOW), null))
                    .isInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> readOnce(asWorker, TopicNames.requests(FLOW), prefix + OTHER_FLOW))
                    .isInstanceOf(GroupAuthorizationException.class);
            assertThatThrownBy(() -> writeOnce(asWorker, TopicNames.results(OTHER_FLOW)))
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
            // nor create a topic (it needs none: every topic exists beforehand)
            assertThatThrownBy(() -> createTopic(asWorker, "lead_sync.extra"))
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
            // and: a client without credentials, or with a wrong password, cannot connect at all
            assertThatThrownBy(() -> listTopics(Map.of())).hasRootCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            assertThatThrownBy(() -> listTopics(clientProperties(WORKER, "wrong-" + WORKER_PASSWORD)))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);

            // and: no password is in the worker's log, an envelope or an audit record
            List<String> written = new ArrayList<>();
            envelopes.forEach(r -> written.add(r.value()));
            audit.forEach(r -> written.add(r.key() + r.value()));
            telemetry.forEach(r -> written.add(r.value()));
            for (String secret : List.of(WORKER_PASSWORD, ADMIN_PASSWORD, STORE_PASSWORD)) {
                assertThat(worker.output()).doesNotContain(secret);
                assertThat(written).noneMatch(text -> text.contains(secret));
            }
            assertThat(worker.output()).doesNotContain("ScramLoginModule required username");
        }
    }

    @Test
    void shouldGrantTheSameAclsToTheWorkersCertificateOverMutualTls() throws Exception {
        // given: lead_sync's ACLs for User:lead-worker, and a client with the certificate CN=lead-worker
        grantLeadSyncToTheWorker();
        Map<String, Object> withCertificate = ClientSecurity.of(new OrchestratorConfig(Map.of(
                "security.protocol", "SSL",
                "ssl.keystore.location", workerKeyStore.toString(), "ssl.keystore.password", STORE_PASSWORD,
                "ssl.truststore.location", clientTrustStore.toString(), "ssl.truststore.password", STORE_PASSWORD))).clientProperties();
        Map<String, Object> withoutCertificate = new HashMap<>(withCertificate);
        withoutCertificate.keySet().removeIf(key -> key.startsWith("ssl.keystore") || key.equals("ssl.key.password"));

        // then: it may read lead_sync's requests, not company_search's; without a certificate it cannot connect
        readOnce(withCertificate, mutualTlsBootstrap, TopicNames.requests(FLOW), null);
        assertThatThrownBy(() -> readOnce(withCertificate, mutualTlsBootstrap, TopicNames.requests(OTHER_FLOW), null))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> listTopics(withoutCertificate, mutualTlsBootstrap))
                .hasRootCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void shouldRefuseToStartAWorkerWhoseTopicsWereNotCreatedAndNameTheCommandThatCreatesThem() {
        // given: ACLs for support_ticket, whose topics nobody created (the worker may not create them)
        String prefix = "uncreated-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        assertThat(asAdmin("acls", "--flow", "support_ticket", "--principal", "User:" + WORKER, "--apply",
                "-D", "orchestrator.application.id.prefix=" + prefix)).isZero();
        Map<String, Object> config = Runtimes.config(broker.bootstrapServers(), "support_ticket", prefix, dir);
        config.putAll(Map.of("security.protocol", "SASL_SSL", "sasl.username", WORKER, "sasl.password", WORKER_PASSWORD,
                "ssl.truststore.location", clientTrustStore.toString(), "ssl.truststore.password", STORE_PASSWORD));
        Registry registry = Registry.newBuilder().register(SupportTriageSample.supportTicket(SampleEnvironment.immediate())).build();

        // when / then
        assertThatThrownBy(() -> OrchestratorRuntime.start(registry, OrchestratorContext.newBuilder().build(),
                new OrchestratorConfig(config)).close())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("may not create it")
                .hasMessageContaining("bin/orchestrator topics --flow <flow> --apply");
    }

    /** Creates lead_sync's and company_search's topics and grants lead_sync's ACLs to the worker; returns the application-id prefix. */
    private static String grantLeadSyncToTheWorker() {
        String prefix = "secure-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        assertThat(asAdmin("topics", "--flow", FLOW, "--flow", OTHER_FLOW, "--apply", "--partitions", "3",
                "-D", "orchestrator.application.id.prefix=" + prefix)).isZero();
        assertThat(asAdmin("acls", "--flow", FLOW, "--principal", "User:" + WORKER, "--apply",
                "-D", "orchestrator.application.id.prefix=" + prefix)).isZero();
        return prefix;
    }

    private static int asAdmin(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--bootstrap-servers", broker.bootstrapServers(), "--security-protocol", "SASL_SSL",
                "--sasl-username", "admin", "--sasl-password-file", adminPasswordFile.toString(),
                "--ssl-truststore", clientTrustStore.toString(), "--secret-file", "ssl.truststore.password=" + storePasswordFile));
        return OrchestratorCommand.execute(args.toArray(String[]::new));
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, Object> adminProperties() {
        return broker.clientProperties();
    }

    private static Map<String, Object> clientProperties(String user, String password) {
        Map<String, Object> props = new HashMap<>();
        props.put("security.protocol", "SASL_SSL");
        props.put("ssl.truststore.location", clientTrustStore.toString());
        props.put("ssl.truststore.password", new Password(STORE_PASSWORD));
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("sasl.jaas.config", new Password("org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";"));
        return props;
    }

    /** The records of {@code topic} (read as the administrator) whose value mentions one of {@code runIds}, once each is there. */
    private static List<ConsumerRecord<String, String>> awaitRecords(String topic, List<String> runIds) {
        try (TopicReader<String> reader = TopicReader.readCommitted(broker.bootstrapServers(), topic, new StringDeserializer(),
                adminProperties())) {
            return eventually(PATIENCE).until(
                    () -> reader.poll().stream().filter(r -> runIds.stream().anyMatch(id -> mentions(r, id))).toList(),
                    records -> runIds.stream().allMatch(id -> records.stream().anyMatch(r -> mentions(r, id))));
        }
    }

    private static boolean mentions(ConsumerRecord<String, String> record, String runId) {
        return (record.key() != null && record.key().contains(runId)) || (record.value() != null && record.value().contains(runId));
    }

    /** Reads {@code topic} once as {@code props}' principal: assigned (no group), or in consumer group {@code group}. */
    private static void readOnce(Map<String, Object> props, String topic, String group) {
        readOnce(props, broker.bootstrapServers(), topic, group);
    }

    private static void readOnce(Map<String, Object> props, String bootstrap, String topic, String group) {
        Map<String, Object> consumer = new HashMap<>(props);
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        if (group != null) {
            consumer.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
            if (group == null) {
                reader.assign(List.of(new TopicPartition(topic, 0)));
            } else {
                reader.subscribe(List.of(topic));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(200));
            }
        }
    }

    private static void writeOnce(Map<String, Object> props, String topic) throws Exception {
        Map<String, Object> producer = new HashMap<>(props);
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (KafkaProducer<String, String> writer = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
            writer.send(new ProducerRecord<>(topic, "k", "{}")).get(20, TimeUnit.SECONDS);
        }
    }

    private static void createTopic(Map<String, Object> props, String topic) throws Exception {
        Map<String, Object> client = new HashMap<>(props);
        client.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(20, TimeUnit.SECONDS);
        }
    }

    private static Set<String> listTopics(Map<String, Object> props) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        return listTopics(props, broker.bootstrapServers());
    }

    private static Set<String> listTopics(Map<String, Object> props, String bootstrap) throws InterruptedException,
            ExecutionException, java.util.concurrent.TimeoutException {
        Map<String, Object> client = new HashMap<>(props);
        client.put("bootstrap.servers", bootstrap);
        client.put("default.api.timeout.ms", 4_000);
        client.put("request.timeout.ms", 2_000);
        try (Admin admin = Admin.create(client)) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS);
        }
    }
}
