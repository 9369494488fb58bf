package dev.orchestrators.core.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings a flow provider is given, read as strings, numbers or a prefixed group. */
class FlowEnvironmentTest {
    private final FlowEnvironment environment = new FlowEnvironment(Map.of(
            "crm.url", "http://crm", "crm.timeout_ms", " 2500 ", "crm.ratio", "0.25", "crm.blank", " ",
            "crm.word", "many", "mail.host", "smtp"));

    @Test
    void shouldReadAStringOrItsFallback() {
        assertThat(environment.get("crm.url", "x")).isEqualTo("http://crm");
        assertThat(environment.get("crm.missing", "x")).isEqualTo("x");
        assertThat(FlowEnvironment.empty().settings()).isEmpty();
    }

    @Test
    void shouldReadAWholeNumberTrimmedOrItsFallbackWhenMissingOrBlank() {
        assertThat(environment.getLong("crm.timeout_ms", 1)).isEqualTo(2500);
        assertThat(environment.getLong("crm.missing", 7)).isEqualTo(7);
        assertThat(environment.getLong("crm.blank", 7)).isEqualTo(7);
    }

    @Test
    void shouldNameTheKeyOfAValueThatIsNotAWholeNumber() {
        assertThatThrownBy(() -> environment.getLong("crm.word", 1)).isInstanceOf(ConfigurationException.class)
                .hasMessage("crm.word must be a whole number, was 'many'");
        assertThatThrownBy(() -> environment.getLong("crm.ratio", 1)).isInstanceOf(ConfigurationException.class)
                .hasMessage("crm.ratio must be a whole number, was '0.25'");
    }

    @Test
    void shouldReadANumberOrItsFallback() {
        assertThat(environment.getDouble("crm.ratio", 1)).isEqualTo(0.25);
        assertThat(environment.getDouble("crm.timeout_ms", 1)).isEqualTo(2500.0);
        assertThat(environment.getDouble("crm.missing", 0.5)).isEqualTo(0.5);
        assertThat(environment.getDouble("crm.blank", 0.5)).isEqualTo(0.5);
    }

    @Test
    void shouldNameTheKeyOfAValueThatIsNotANumber() {
        assertThatThrownBy(() -> environment.getDouble("crm.word", 1)).isInstanceOf(ConfigurationException.class)
                .hasMessage("crm.word must be a number, was 'many'");
    }

    @Test
    void shouldGroupTheSettingsOfAPrefixWithoutIt() {
        assertThat(environment.withPrefix("crm.")).containsExactly(Map.entry("blank", " "), Map.entry("ratio", "0.25"),
                Map.entry("timeout_ms", " 2500 "), Map.entry("url", "http://crm"), Map.entry("word", "many"));
        assertThat(environment.withPrefix("kafka.")).isEmpty();
    }

    @Test
    void shouldNotChangeWhenTheGivenMapChanges() {
        // given
        Map<String, String> settings = new HashMap<>(Map.of("a", "1"));
        FlowEnvironment copy = new FlowEnvironment(settings);

        // when
        settings.put("a", "2");

        // then
        assertThat(copy.getLong("a", 0)).isEqualTo(1);
        assertThat(new FlowEnvironment(null).settings()).isEmpty();
    }
}
