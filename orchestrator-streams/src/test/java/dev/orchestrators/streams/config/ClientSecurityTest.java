package dev.orchestrators.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.streams.OrchestratorRuntime;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ClientSecurityTest {
    private static final String SECRET = "s3cret-\"quoted\"\\pass";

    @Test
    void shouldAddNothingForPlaintextSoKafkasDefaultsApply() {
        assertThat(ClientSecurity.of(config()).clientProperties()).isEmpty();
    }

    @Test
    void shouldBuildTheScramJaasConfigFromUserNameAndPasswordForSaslSsl() {
        // given
        ClientSecurity security = ClientSecurity.of(config(
                "security.protocol", "SASL_SSL", "sasl.username", "lead-worker", "sasl.password", SECRET,
                "ssl.truststore.location", "/etc/kafka/truststore.p12", "ssl.truststore.password", "trust-pw"));

        // when
        Map<String, Object> props = security.clientProperties();

        // then
        assertThat(props).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .doesNotContainKeys("ssl.keystore.location", "ssl.keystore.password", "ssl.key.password");
        assertThat(props.get("sasl.jaas.config")).isInstanceOf(Password.class);
        assertThat(((Password) props.get("sasl.jaas.config")).value()).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"lead-worker\" "
                        + "password=\"s3cret-\\\"quoted\\\"\\\\pass\";");
        assertThat(((Password) props.get("ssl.truststore.password")).value()).isEqualTo("trust-pw");
    }

    @Test
    void shouldPassTheKeyStoreForMutualTlsAndNoSaslSettings() {
        Map<String, Object> props = ClientSecurity.of(config("security.protocol", "SSL",
                "ssl.keystore.location", "/etc/kafka/worker.p12", "ssl.keystore.password", "ks-pw", "ssl.key.password", "key-pw",
                "ssl.endpoint.identification.algorithm", "")).clientProperties();

        assertThat(props).containsEntry("security.protocol", "SSL").containsEntry("ssl.keystore.location", "/etc/kafka/worker.p12")
                .containsEntry("ssl.endpoint.identification.algorithm", "")
                .doesNotContainKeys("sasl.mechanism", "sasl.jaas.config", "ssl.truststore.location");
        assertThat(props.get("ssl.keystore.password")).isEqualTo(new Password("ks-pw"));
        assertThat(props.get("ssl.key.password")).isEqualTo(new Password("key-pw"));
    }

    @Test
    void shouldUseThePlainLoginModuleForPlain() {
        Map<String, Object> props = ClientSecurity.of(config("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.username", "u", "sasl.password", "p")).clientProperties();

        assertThat(((Password) props.get("sasl.jaas.config")).value()).startsWith("org.apache.kafka.common.security.plain.PlainLoginModule");
        assertThat(props).doesNotContainKey("ssl.endpoint.identification.algorithm");
    }

    @Test
    void shouldRejectSaslWithoutUserNameOrPasswordNamingTheKey() {
        assertThatThrownBy(() -> ClientSecurity.of(config("security.protocol", "SASL_SSL", "sasl.password", "p")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sasl.username");
        assertThatThrownBy(() -> ClientSecurity.of(config("security.protocol", "SASL_SSL", "sasl.username", "u")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sasl.password");
        assertThatThrownBy(() -> config("security.protocol", "KERBEROS"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("security.protocol");
    }

    @Test
    void shouldAcceptAJaasConfigOfItsOwnWithoutUserName() {
        ClientSecurity security = ClientSecurity.of(config("security.protocol", "SASL_SSL",
                "streams.sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;"));

        assertThat(security.clientProperties()).containsOnlyKeys("security.protocol", "ssl.endpoint.identification.algorithm");
    }

    @Test
    void shouldNeverShowASecretInToStringOrInPrintedProperties() {
        OrchestratorConfig config = config("security.protocol", "SASL_SSL", "sasl.username", "lead-worker", "sasl.password", SECRET,
                "ssl.truststore.password", SECRET, "ssl.keystore.location", "/k.p12", "ssl.keystore.password", SECRET,
                "ssl.key.password", SECRET);
        ClientSecurity security = ClientSecurity.of(config);

        assertThat(security.toString()).contains("SASL_SSL", "lead-worker", "[hidden]").doesNotContain("s3cret");
        assertThat(security.clientProperties().toString()).doesNotContain("s3cret");
        assertThat(config.clientOverrides().toString()).doesNotContain("s3cret");
        assertThat(OrchestratorRuntime.streamsProperties("lead_sync", "broker:9092", config).toString()).doesNotContain("s3cret");
        assertThat(config.values().toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldApplyTheSecurityToEveryClientAndLetStreamsPrefixedKeysWin() {
        OrchestratorConfig config = config("security.protocol", "SASL_SSL", "sasl.username", "lead-worker", "sasl.password", SECRET,
                "streams.ssl.endpoint.identification.algorithm", "", "streams.ssl.truststore.type", "PKCS12");

        Properties streams = OrchestratorRuntime.streamsProperties("lead_sync", "broker:9092", config);
        Map<String, Object> admin = config.clientOverrides();

        for (Map<?, ?> props : java.util.List.<Map<?, ?>>of(streams, admin)) {
            assertThat(props.get("security.protocol")).isEqualTo("SASL_SSL");
            assertThat(props.get("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
            assertThat(props.get("sasl.jaas.config")).isInstanceOf(Password.class);
            assertThat(props.get("ssl.endpoint.identification.algorithm")).isEqualTo("");
            assertThat(props.get("ssl.truststore.type")).isEqualTo("PKCS12");
        }
        // and: Kafka's own config classes take them as they are (a Password for a PASSWORD key)
        Map<String, Object> producer = new HashMap<>(admin);
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092");
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringSerializer.class);
        assertThat(new ProducerConfig(producer).getPassword("sasl.jaas.config").value()).contains("lead-worker");
        assertThat(new StreamsConfig(streams).getMainConsumerConfigs("g", "c", 0)).containsKey("sasl.jaas.config");
        assertThat(AdminClientConfig.configNames()).contains("sasl.jaas.config");
    }

    private static OrchestratorConfig config(String... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new OrchestratorConfig(values);
    }
}
