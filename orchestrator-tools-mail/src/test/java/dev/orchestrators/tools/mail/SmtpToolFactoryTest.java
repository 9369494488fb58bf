package dev.orchestrators.tools.mail;

import static dev.orchestrators.tools.mail.MailFixtures.call;
import static dev.orchestrators.tools.mail.MailFixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.tools.ConfiguredTools;
import dev.orchestrators.tools.ToolDocs;
import dev.orchestrators.tools.ToolSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings are checked at start-up, naming the key; calls the settings cannot serve are refused before any I/O. */
class SmtpToolFactoryTest {
    private static final int NOBODY = 9; // the discard port: nothing is sent in these tests

    private static Map<String, String> valid(String... overrides) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("tool.mail.type", "smtp", "tool.mail.host", "127.0.0.1",
                "tool.mail.port", Integer.toString(NOBODY), "tool.mail.security", "none", "tool.mail.from", "leads@orchestrators.example"));
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                settings.remove("tool.mail." + overrides[i]);
            } else {
                settings.put("tool.mail." + overrides[i], overrides[i + 1]);
            }
        }
        return settings;
    }

    @Test
    void shouldBeFoundOnTheClassPathAndConfigureAToolOfTypeSmtp() {
        // when
        try (ConfiguredTools tools = ConfiguredTools.from(valid())) {
            // then
            assertThat(ConfiguredTools.factories()).anyMatch(f -> f instanceof SmtpToolFactory);
            assertThat(tools.adapters().get("mail")).isInstanceOf(SmtpTool.class);
            assertThat(tools.adapters().get("mail").type()).isEqualTo("smtp");
        }
    }

    @Test
    void shouldNameTheKeyOfEveryBadSetting() {
        List<String[]> cases = List.of(
                new String[]{"host", null, "tool.mail.host is required"},
                new String[]{"from", null, "tool.mail.from is required"},
                new String[]{"security", "ssl", "tool.mail.security must be in [none, starttls, tls]"},
                new String[]{"port", "70000", "tool.mail.port must be in"},
                new String[]{"pool.size", "0", "tool.mail.pool.size must be in"},
                new String[]{"password", "hunter2", "tool.mail.password"},
                new String[]{"password", "env:SMTP_PASSWORD", "tool.mail.user is required when tool.mail.password is set"},
                new String[]{"user", "alice", "tool.mail.password is required when tool.mail.user is set"},
                new String[]{"from", "leads@orchestrators.example\r\nBcc: x@evil.example", "tool.mail.from: header From contains a line break"},
                new String[]{"from", "not an address", "tool.mail.from: header From"},
                new String[]{"reply.to", "a@example.com, b@example.com", "tool.mail.reply.to"},
                new String[]{"to", "sales@example.com, nobody", "tool.mail.to"},
                new String[]{"subject.template", "New lead: {name", "tool.mail.subject.template"},
                new String[]{"body.template", "Hello }", "tool.mail.body.template"},
                new String[]{"message.id.domain", "bad domain", "tool.mail.message.id.domain must be a domain name"},
                new String[]{"colour", "blue", "unknown setting(s) of tool 'mail'"});
        for (String[] c : cases) {
            assertThatThrownBy(() -> ConfiguredTools.from(valid(c[0], c[1]))).as(c[0] + "=" + c[1])
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining(c[2]);
        }
    }

    @Test
    void shouldRefuseCredentialsInPlainTextToAnotherMachine() {
        assertThatThrownBy(() -> ConfiguredTools.from(valid("host", "smtp.example.com", "user", "alice", "password", "env:SMTP_PASSWORD")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("tool.mail.security=none would send the password of tool.mail.user in plain text to smtp.example.com");
    }

    @Test
    void shouldAllowCredentialsInPlainTextToALoopbackServer() {
        try (ConfiguredTools tools = ConfiguredTools.from(valid("host", "localhost", "user", "alice", "password", "env:SMTP_PASSWORD"))) {
            assertThat(tools.adapters().get("mail").describe()).containsEntry("password", "env:SMTP_PASSWORD");
        }
    }

    @Test
    void shouldDeriveTheMessageIdDomainFromTheSender() {
        SmtpSettings settings = SmtpSettings.from(ToolSettings.allIn(valid("from", "Leads <leads@mail.orchestrators.example>")).get("mail"));

        assertThat(settings.messageIdDomain()).isEqualTo("mail.orchestrators.example");
        assertThat(settings.port()).isEqualTo(NOBODY);
        assertThat(settings.security()).isEqualTo(SmtpSettings.Security.NONE);
    }

    @Test
    void shouldDefaultToStartTlsOnTheSubmissionPortAndAPoolOfFour() {
        Map<String, String> settings = valid("port", null, "security", null);
        SmtpSettings parsed = SmtpSettings.from(ToolSettings.allIn(settings).get("mail"));
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        timer.shutdown();

        assertThat(parsed.port()).isEqualTo(587);
        assertThat(parsed.security()).isEqualTo(SmtpSettings.Security.STARTTLS);
        assertThat(parsed.poolSize()).isEqualTo(4);
        assertThat(parsed.sessionProperties(timer)).containsEntry("mail.smtp.starttls.required", "true")
                .containsEntry("mail.smtp.sendpartial", "false").containsEntry("mail.smtp.ssl.checkserveridentity", "true")
                .doesNotContainKey("mail.smtp.ssl.trust");
    }

    @Test
    void shouldRefuseACallBeforeAnyConnectionWhenATemplateValueIsMissing() {
        try (SmtpTool mail = tool(valid("subject.template", "New lead: {name} at {company_name}"))) {
            Throwable refused = failure(mail.invoke(call("fields", Map.of("email", "ada@example.com", "name", "Ada"),
                    "idempotency_key", "k-1")));

            assertThat(refused).hasMessageContaining("tool.mail.subject.template needs {company_name}");
            assertThat(((OrchestratorException) refused).type()).isEqualTo("InputRefused");
        }
    }

    @Test
    void shouldRefuseACallWithoutARecipient() {
        try (SmtpTool mail = tool(valid())) {
            Throwable refused = failure(mail.invoke(call("fields", Map.of("name", "Ada"), "subject", "s", "idempotency_key", "k-1")));

            assertThat(refused).hasMessageContaining("no recipient").hasMessageContaining("tool.mail.to.field");
        }
    }

    @Test
    void shouldRefuseMoreRecipientsThanAllowed() {
        try (SmtpTool mail = tool(valid("max.recipients", "2"))) {
            List<String> three = new ArrayList<>(List.of("a@example.com", "b@example.com", "c@example.com"));
            Throwable refused = failure(mail.invoke(call("to", three, "subject", "s", "idempotency_key", "k-1")));

            assertThat(refused).hasMessageContaining("3 recipients, more than tool.mail.max.recipients=2");
        }
    }

    @Test
    void shouldDocumentEveryKey() {
        String docs = ToolDocs.markdown(List.of(new SmtpToolFactory()));

        assertThat(new SmtpToolFactory().keys()).allSatisfy(key -> assertThat(docs).contains("`tool.<name>." + key.name() + "`"));
        assertThat(docs).contains("### `tool.<name>.type=smtp`");
    }

    private static SmtpTool tool(Map<String, String> settings) {
        return MailFixtures.tool(ToolSettings.allIn(settings).get("mail"), new SimpleMeterRegistry());
    }
}
