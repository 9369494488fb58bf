package dev.orchestrators.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Specification of {@link BrokerSecurity}: what a secured broker's settings reveal, and what they refuse. */
class BrokerSecurityTest {

    @Test
    void shouldKeepJaasConfigurationsAndPasswordsOutOfTheStorageToolsFile() {
        assertThat(BrokerSecurity.isSecret("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config")).isTrue();
        assertThat(BrokerSecurity.isSecret("listener.name.sasl_ssl.ssl.keystore.password")).isTrue();
        assertThat(BrokerSecurity.isSecret("listener.name.sasl_ssl.ssl.keystore.location")).isFalse();
    }

    @Test
    void shouldNeverShowThePasswordsInItsDescription() {
        // given
        BrokerSecurity security = new BrokerSecurity("admin", "s3cret", null).withTls(new BrokerSecurity.Tls(
            Path.of("/k.p12"), "key-pass", Path.of("/t.p12"), "trust-pass"));

        // when / then
        assertThat(security.toString()).contains("admin", "SASL_SSL").doesNotContain("s3cret", "key-pass", "trust-pass");
        assertThat(security.superUserClientProperties().toString()).doesNotContain("s3cret", "trust-pass");
    }

    @Test
    void shouldRefuseAUserNameThatCouldBreakTheJaasConfiguration() {
        assertThatThrownBy(() -> new BrokerSecurity("admin\" password=\"x", "s3cret", null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("super user's name");
        assertThatThrownBy(() -> new BrokerSecurity("admin", "", null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("password must not be empty");
    }

    @Test
    void shouldSaltTheSuperUsersCredentialForTheMetadataLog() {
        // when
        String argument = new BrokerSecurity("admin", "s3cret", null).formatArguments().get(1);

        // then
        assertThat(argument).startsWith("SCRAM-SHA-512=[name=admin,iterations=4096,salt=\"").doesNotContain("s3cret");
    }
}
