package dev.orchestrators.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

/** Specification of {@link ServerProperties}: the Kafka server properties of a one-node embedded broker. */
class ServerPropertiesTest {
    private static final Path DATA = Path.of("/data/broker");
    private static final BrokerPorts PORTS = new BrokerPorts(19092, 19093);

    @Test
    void shouldRunOneNodeAsBrokerAndControllerOnTheProbedLoopbackPorts() {
        // when
        Map<String, String> props = ServerProperties.of(plain(), DATA, PORTS);

        // then
        assertThat(props)
            .containsEntry("process.roles", "broker,controller")
            .containsEntry("node.id", "1")
            .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
            .containsEntry("controller.listener.names", "CONTROLLER")
            .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
            .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
            .containsEntry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT")
            .containsEntry("inter.broker.listener.name", "PLAINTEXT")
            .doesNotContainKeys("authorizer.class.name", "super.users");
    }

    @Test
    void shouldKeepTheLogsAndTheMetadataLogUnderTheDataDir() {
        // when
        Map<String, String> props = ServerProperties.of(plain(), DATA, PORTS);

        // then
        assertThat(props)
            .containsEntry("log.dirs", DATA.resolve("logs").toString())
            .containsEntry("metadata.log.dir", DATA.resolve("metadata").toString());
    }

    @Test
    void shouldSetEveryReplicationFactorAndMinInSyncReplicasToOneSoThatTransactionsWorkOnOneNode() {
        // when
        Map<String, String> props = ServerProperties.of(plain(), DATA, PORTS);

        // then
        assertThat(props).containsEntry("default.replication.factor", "1")
            .containsEntry("min.insync.replicas", "1")
            .containsEntry("offsets.topic.replication.factor", "1")
            .containsEntry("transaction.state.log.replication.factor", "1")
            .containsEntry("transaction.state.log.min.isr", "1")
            .containsEntry("share.coordinator.state.topic.replication.factor", "1")
            .containsEntry("auto.create.topics.enable", "false")
            .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void shouldLetKafkaGiveUpAfterTheStartupTimeout() {
        // given
        BrokerSettings settings = settings(Map.of(), List.of(), null, Duration.ofSeconds(42));

        // when / then
        assertThat(ServerProperties.of(settings, DATA, PORTS)).containsEntry("server.max.startup.time.ms", "42000");
    }

    @Test
    void shouldAdvertiseAnExtraListenerOnItsAdvertisedPort() {
        // given a listener behind a proxy on 29093
        BrokerSettings settings = settings(Map.of(), List.of(new EmbeddedKafkaBroker.Listener("WORKER1", "PLAINTEXT", 29092, 29093)),
            null, Duration.ofSeconds(60));

        // when
        Map<String, String> props = ServerProperties.of(settings, DATA, PORTS);

        // then
        assertThat(props)
            .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093,WORKER1://127.0.0.1:29092")
            .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092,WORKER1://127.0.0.1:29093")
            .containsEntry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,WORKER1:PLAINTEXT");
    }

    @Test
    void shouldLetBrokerPropertiesOverrideTheEmbeddedDefaults() {
        // given
        BrokerSettings settings = settings(Map.of("num.partitions", "3", "auto.create.topics.enable", "true"), List.of(), null,
            Duration.ofSeconds(60));

        // when
        Map<String, String> props = ServerProperties.of(settings, DATA, PORTS);

        // then
        assertThat(props).containsEntry("num.partitions", "3").containsEntry("auto.create.topics.enable", "true");
    }

    @Test
    void shouldRequireScramOnTheClientListenerAndPlainOnTheControllerListenerWhenSecured() {
        // given
        BrokerSettings settings = settings(Map.of(), List.of(), new BrokerSecurity("admin", "s3cret", null), Duration.ofSeconds(60));

        // when
        Map<String, String> props = ServerProperties.of(settings, DATA, PORTS);

        // then
        assertThat(props)
            .containsEntry("listeners", "SASL_PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
            .containsEntry("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT")
            .containsEntry("inter.broker.listener.name", "SASL_PLAINTEXT")
            .containsEntry("listener.name.sasl_plaintext.sasl.enabled.mechanisms", "SCRAM-SHA-512")
            .containsEntry("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512")
            .containsEntry("listener.name.controller.sasl.enabled.mechanisms", "PLAIN")
            .containsEntry("sasl.mechanism.controller.protocol", "PLAIN")
            .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
            .containsEntry("super.users", "User:admin");
    }

    @Test
    void shouldServeSaslOverTlsWithTheBrokersKeyStoreWhenSecuredWithTls() {
        // given
        BrokerSecurity tls = new BrokerSecurity("admin", "s3cret", null).withTls(new BrokerSecurity.Tls(
            Path.of("/certs/broker.p12"), "key-pass", Path.of("/certs/trust.p12"), "trust-pass"));

        // when
        Map<String, String> props = ServerProperties.of(settings(Map.of(), List.of(), tls, Duration.ofSeconds(60)), DATA, PORTS);

        // then
        assertThat(props)
            .containsEntry("listeners", "SASL_SSL://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
            .containsEntry("listener.name.sasl_ssl.ssl.keystore.location", "/certs/broker.p12")
            .containsEntry("listener.name.sasl_ssl.ssl.truststore.location", "/certs/trust.p12");
    }

    @Test
    void shouldEscapeQuotesAndBackslashesOfThePasswordInTheJaasConfiguration() {
        // given
        BrokerSecurity security = new BrokerSecurity("admin", "a\"b\\c", null);

        // when
        Map<String, String> props = ServerProperties.of(settings(Map.of(), List.of(), security, Duration.ofSeconds(60)), DATA, PORTS);

        // then
        assertThat(props.get("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config"))
            .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"a\\\"b\\\\c\";");
    }

    @Test
    void shouldBeAcceptedByKafkasOwnConfigurationCheckPlainAndSecured() {
        // given
        BrokerSettings secured = settings(Map.of(), List.of(), new BrokerSecurity("admin", "s3cret", null), Duration.ofSeconds(60));

        // when / then
        assertThatCode(() -> new KafkaConfig(ServerProperties.of(plain(), DATA, PORTS), false)).doesNotThrowAnyException();
        assertThatCode(() -> new KafkaConfig(ServerProperties.of(secured, DATA, PORTS), false)).doesNotThrowAnyException();
    }

    private static BrokerSettings plain() {
        return settings(Map.of(), List.of(), null, EmbeddedKafkaBroker.DEFAULT_STARTUP_TIMEOUT);
    }

    private static BrokerSettings settings(Map<String, String> overrides, List<EmbeddedKafkaBroker.Listener> listeners,
                                           BrokerSecurity security, Duration startupTimeout) {
        return new BrokerSettings(0, null, overrides, listeners, security, startupTimeout);
    }
}
