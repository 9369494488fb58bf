package dev.orchestrators.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Specification of {@link Cluster} without a broker: when a command starts none, and what it refuses to start. */
class ClusterTest {

    @Test
    void shouldUseTheGivenClusterAndStartNoBroker() {
        // given
        OrchestratorConfig config = new OrchestratorConfig(Map.of(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka-1:9092"));

        // when
        try (Cluster cluster = Cluster.start(config)) {
            // then
            assertThat(cluster.config()).isSameAs(config);
        }
    }

    @Test
    void shouldRefuseTlsWhichTheEmbeddedBrokerDoesNotOffer() {
        // given no cluster, and TLS
        OrchestratorConfig config = new OrchestratorConfig(Map.of(OrchestratorConfig.SECURITY_PROTOCOL_CONFIG, "SASL_SSL",
                OrchestratorConfig.SASL_USERNAME_CONFIG, "admin", OrchestratorConfig.SASL_PASSWORD_CONFIG, "secret"));

        // when / then
        assertThatThrownBy(() -> Cluster.start(config))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("the embedded broker offers PLAINTEXT or SASL_PLAINTEXT with SCRAM-SHA-512, not SASL_SSL")
                .hasMessageContaining("give bootstrap.servers");
    }

    @Test
    void shouldRefuseASecuredEmbeddedBrokerWithoutItsSuperUser() {
        // given no cluster, SASL and no password
        OrchestratorConfig config = new OrchestratorConfig(Map.of(OrchestratorConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                OrchestratorConfig.SASL_MECHANISM_CONFIG, "SCRAM-SHA-512", OrchestratorConfig.SASL_USERNAME_CONFIG, "admin"));

        // when / then
        assertThatThrownBy(() -> Cluster.start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sasl.password")
                .hasMessageContaining("--sasl-password-file");
    }
}
