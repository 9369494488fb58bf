package dev.orchestrators.tools.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The subject and body templates, and Message-IDs derived from idempotency keys. */
class TemplateAndMessageIdTest {
    private static String fill(String template, Map<String, Object> values) {
        return Template.parse(template, "k").fill(name -> values.containsKey(name) ? Optional.ofNullable(values.get(name))
                : Optional.empty(), name -> new IllegalArgumentException("missing " + name));
    }

    @Test
    void shouldFillPlaceholdersAndKeepDoubledBracesLiteral() {
        assertThat(fill("{{lead}} {name} at {company.name}}}", Map.of("name", "Ada", "company.name", "Analytical")))
                .isEqualTo("{lead} Ada at Analytical}");
    }

    @Test
    void shouldNeverInterpretAValueAsAPlaceholder() {
        assertThat(fill("{name}", Map.of("name", "{secret}", "secret", "leaked"))).isEqualTo("{secret}");
    }

    @Test
    void shouldRefuseAPlaceholderWithoutAValue() {
        assertThatThrownBy(() -> fill("{other}", Map.of("name", "Ada"))).hasMessage("missing other");
    }

    @Test
    void shouldRefuseAPlaceholderThatIsNotAName() {
        assertThatThrownBy(() -> Template.parse("{na me}", "tool.mail.subject.template"))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("tool.mail.subject.template:");
    }

    @Test
    void shouldDeriveTheSameMessageIdFromTheSameKeyAndADifferentOneFromAnother() {
        String id = MessageIds.of("run-1:delivery:L-1", "delivery", "example.com");

        assertThat(id).isEqualTo(MessageIds.of("run-1:delivery:L-1", "delivery", "example.com"))
                .isNotEqualTo(MessageIds.of("run-1:delivery:L-2", "delivery", "example.com"))
                .matches("<[0-9a-f]{32}\\.delivery@example\\.com>")
                .doesNotContain("run-1");
    }

    @Test
    void shouldKeepAToolNameThatIsNotAnAtomOutOfTheMessageIdSyntax() {
        assertThat(MessageIds.of("k", "mail tool<@>", "example.com")).matches("<[0-9a-f]{32}\\.mail-tool---@example\\.com>");
    }
}
