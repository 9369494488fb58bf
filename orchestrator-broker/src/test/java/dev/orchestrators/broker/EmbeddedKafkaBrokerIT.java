package dev.orchestrators.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Specification of {@link EmbeddedKafkaBroker}: a real KRaft broker in this JVM, reached by real
 * Kafka clients over a loopback socket.
 */
@Timeout(120)
class EmbeddedKafkaBrokerIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final List<EmbeddedKafkaBroker> brokers = new ArrayList<>();

    @AfterEach
    void closeBrokers() {
        brokers.forEach(EmbeddedKafkaBroker::close);
    }

    @Test
    void shouldAcceptProduceAndConsumeOverARealSocket() throws Exception {
        EmbeddedKafkaBroker broker = started(EmbeddedKafkaBroker.newBuilder().port(0));

        assertThat(broker.port()).isPositive();
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());

        createTopic(broker, "orders");
        try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
            producer.send(new ProducerRecord<>("orders", "o-1", "created")).get();
            producer.send(new ProducerRecord<>("orders", "o-1", "paid")).get();
        }

        assertThat(consumeAll(broker, "orders", "read_uncommitted", 2))
            .extracting(ConsumerRecord::value)
            .containsExactly("created", "paid");
    }

    @Test
    void shouldKeepDataAcrossRestartWithTheSameDataDir(@TempDir Path dataDir) throws Exception {
        String clusterIdBefore;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.newBuilder().port(0).dataDir(dataDir).build().start()) {
            createTopic(first, "ledger");
            try (KafkaProducer<String, String> producer = producer(first, Map.of())) {
                producer.send(new ProducerRecord<>("ledger", "k", "survives a restart")).get();
            }
            clusterIdBefore = clusterId(first);
        }
        assertThat(dataDir).isDirectory().isNotEmptyDirectory();

        EmbeddedKafkaBroker second = started(EmbeddedKafkaBroker.newBuilder().port(0).dataDir(dataDir));

        assertThat(clusterId(second)).isEqualTo(clusterIdBefore);
        assertThat(consumeAll(second, "ledger", "read_uncommitted", 1))
            .extracting(ConsumerRecord::value)
            .containsExactly("survives a restart");
        second.close();
        assertThat(dataDir).as("a data dir given by the caller is kept").isNotEmptyDirectory();
    }

    @Test
    void shouldSupportTransactionsForExactlyOnce() throws Exception {
        EmbeddedKafkaBroker broker = started(EmbeddedKafkaBroker.newBuilder().port(0));
        createTopic(broker, "payments");

        try (KafkaProducer<String, String> producer = producer(broker, Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "payments-tx",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"))) {
            producer.initTransactions();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("payments", "p-1", "aborted"));
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("payments", "p-2", "committed"));
            producer.commitTransaction();
        }

        assertThat(consumeAll(broker, "payments", "read_committed", 1))
            .extracting(ConsumerRecord::value)
            .containsExactly("committed");
    }

    @Test
    void shouldRunAKafkaStreamsTopologyWithExactlyOnceV2(@TempDir Path stateDir) throws Exception {
        EmbeddedKafkaBroker broker = started(EmbeddedKafkaBroker.newBuilder().port(0));
        createTopic(broker, "commands");
        createTopic(broker, "events");

        StreamsBuilder topology = new StreamsBuilder();
        topology.stream("commands", Consumed.with(Serdes.String(), Serdes.String()))
            .mapValues(command -> command + " handled")
            .to("events", Produced.with(Serdes.String(), Serdes.String()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-spec");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);

        try (KafkaStreams streams = new KafkaStreams(topology.build(), config)) {
            streams.start();
            try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
                producer.send(new ProducerRecord<>("commands", "c-1", "ship")).get();
            }

            assertThat(consumeAll(broker, "events", "read_committed", 1))
                .extracting(ConsumerRecord::value)
                .containsExactly("ship handled");
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void shouldFailClearlyWhenPortIsTaken() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int takenPort = squatter.getLocalPort();
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.newBuilder().port(takenPort).build();
            brokers.add(broker);

            long startNanos = System.nanoTime();
            assertThatThrownBy(broker::start)
                .isInstanceOf(EmbeddedBrokerException.class)
                .hasMessageContaining(Integer.toString(takenPort))
                .hasMessageContaining("already in use");
            assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void shouldDeleteItsOwnTemporaryDataDirOnCloseAndCloseIdempotently() {
        EmbeddedKafkaBroker broker = started(EmbeddedKafkaBroker.newBuilder().port(0));
        Path dataDir = broker.dataDir();
        assertThat(dataDir).isDirectory();

        broker.close();

        assertThat(Files.exists(dataDir)).isFalse();
        assertThatCode(broker::close).doesNotThrowAnyException();
        assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldApplyBrokerPropertiesOverTheDefaults() throws Exception {
        EmbeddedKafkaBroker broker = started(EmbeddedKafkaBroker.newBuilder()
            .port(0)
            .brokerProperty("num.partitions", "3")
            .brokerProperty("auto.create.topics.enable", "true"));

        try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
            producer.send(new ProducerRecord<>("auto-created", "k", "v")).get();
        }
        try (Admin admin = admin(broker)) {
            assertThat(admin.describeTopics(List.of("auto-created")).allTopicNames().get()
                .get("auto-created").partitions()).hasSize(3);
        }
    }

    @Test
    void shouldStopCleanlyWithoutAWarning() {
        // given a running broker that served a client
        EmbeddedKafkaBroker broker = started(EmbeddedKafkaBroker.newBuilder().port(0));
        createTopicUnchecked(broker, "stop-spec");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;

        // when it stops (slf4j-simple writes to whatever System.err is at the time)
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            broker.close();
        } finally {
            System.setErr(stderr);
        }

        // then nothing was closed twice or out of order
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("WARN").doesNotContain("ERROR");
    }

    @Test
    void shouldAuthenticateScramUsersAndGrantOnlyWhatAclsAllowWhenSecured() throws Exception {
        // given a secured broker and a user without any ACL
        EmbeddedKafkaBroker broker = started(EmbeddedKafkaBroker.newBuilder().port(0).saslScram("admin", "admin-secret"));
        broker.createScramUser("alice", "alice-secret");

        // when / then the super user may create topics
        try (Admin admin = Admin.create(withBootstrap(broker, broker.clientProperties()))) {
            admin.createTopics(List.of(new NewTopic("secured", 1, (short) 1))).all().get();
        }
        // and alice is who she says she is, but may not create any
        try (Admin alice = Admin.create(withBootstrap(broker, scram("alice", "alice-secret")))) {
            assertThat(alice.describeCluster().nodes().get()).hasSize(1);
            assertThatThrownBy(() -> alice.createTopics(List.of(new NewTopic("not-hers", 1, (short) 1))).all().get())
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        // and a wrong password is refused
        try (Admin mallory = Admin.create(withBootstrap(broker, scram("alice", "guess")))) {
            assertThatThrownBy(() -> mallory.describeCluster().nodes().get())
                .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    // ---------------------------------------------------------------------------------------

    private static Map<String, Object> withBootstrap(EmbeddedKafkaBroker broker, Map<String, Object> props) {
        Map<String, Object> all = new HashMap<>(props);
        all.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return all;
    }

    private static Map<String, Object> scram(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", BrokerSecurity.scramJaas(user, password));
    }

    private static void createTopicUnchecked(EmbeddedKafkaBroker broker, String topic) {
        try {
            createTopic(broker, topic);
        } catch (Exception e) {
            throw new AssertionError("cannot create " + topic, e);
        }
    }

    private EmbeddedKafkaBroker started(EmbeddedKafkaBroker.Builder builder) {
        EmbeddedKafkaBroker broker = builder.build();
        brokers.add(broker);
        return broker.start();
    }

    private static Admin admin(EmbeddedKafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static void createTopic(EmbeddedKafkaBroker broker, String topic) throws Exception {
        try (Admin admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static String clusterId(EmbeddedKafkaBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            return admin.describeCluster().clusterId().get();
        }
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker, Map<String, Object> extra) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putAll(extra);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> consumeAll(
            EmbeddedKafkaBroker broker, String topic, String isolationLevel, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "spec-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                 new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(PATIENCE).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                assertThat(records).hasSizeGreaterThanOrEqualTo(expected);
            });
            // Nothing beyond what was expected shows up (e.g. aborted records).
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
