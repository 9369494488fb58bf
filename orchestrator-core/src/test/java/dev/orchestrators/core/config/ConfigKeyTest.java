package dev.orchestrators.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Typed keys: defaults, required keys, parse errors and validators name the key. */
class ConfigKeyTest {
    private static final ConfigKey<Integer> POOL = ConfigKey.ofInt("pool.size", 8, "Connections.")
            .withValidator(v -> v >= 1, "[1,...]");

    @Test
    void shouldGiveTheDefaultWhenTheValueIsAbsentOrBlank() {
        assertThat(POOL.parse(null)).isEqualTo(8);
        assertThat(POOL.parse("  ")).isEqualTo(8);
    }

    @Test
    void shouldParseAndValidateAValue() {
        assertThat(POOL.parse(" 3 ")).isEqualTo(3);
        assertThatThrownBy(() -> POOL.parse("0", "tool.crm.pool.size"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("tool.crm.pool.size must be in [1,...], was '0'");
    }

    @Test
    void shouldNameTheKeyAndTypeOfAMalformedValue() {
        assertThatThrownBy(() -> POOL.parse("eight", "tool.crm.pool.size"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("tool.crm.pool.size must be a int, was 'eight'");
    }

    @Test
    void shouldRefuseAMissingRequiredKeyWithItsDoc() {
        ConfigKey<String> url = ConfigKey.ofString("jdbc.url", null, "The JDBC URL.");
        assertThat(url.isRequired()).isTrue();
        assertThatThrownBy(() -> url.parse(null, "tool.crm.jdbc.url"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("tool.crm.jdbc.url is required: The JDBC URL.");
    }

    @Test
    void shouldAcceptOnlyTheListedChoicesInAnyCase() {
        ConfigKey<String> security = ConfigKey.ofChoice("security", "starttls", List.of("none", "starttls", "tls"), "How.");
        assertThat(security.parse("TLS")).isEqualTo("tls");
        assertThatThrownBy(() -> security.parse("ssl")).hasMessage("security must be in [none, starttls, tls], was 'ssl'");
    }

    @Test
    void shouldSplitAListOnCommas() {
        ConfigKey<List<String>> hosts = ConfigKey.ofList("hosts", List.of(), "Hosts.");
        assertThat(hosts.parse("a, b ,c")).containsExactly("a", "b", "c");
        assertThat(hosts.documentedDefault()).isEqualTo("`\"\"`");
    }

    @Test
    void shouldRefuseABooleanThatIsNeitherTrueNorFalse() {
        ConfigKey<Boolean> flag = ConfigKey.ofBoolean("path.style", false, "Path style.");
        assertThat(flag.parse("TRUE")).isTrue();
        assertThatThrownBy(() -> flag.parse("yes")).hasMessage("path.style must be a boolean, was 'yes'");
    }

    @Test
    void shouldDocumentTheDefaultOrThatTheKeyIsRequired() {
        assertThat(POOL.documentedDefault()).isEqualTo("`8`");
        assertThat(POOL.required().documentedDefault()).isEqualTo("(required)");
    }
}
