package dev.orchestrators.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.core.config.Secret;
import dev.orchestrators.core.errors.ConfigurationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tool's settings are found by its type key, read through typed keys, and never show a secret. */
class ToolSettingsTest {
    private static final ConfigKey<String> URL = ConfigKey.ofString("jdbc.url", null, "The URL.");
    private static final ConfigKey<Integer> POOL = ConfigKey.ofInt("pool.size", 8, "Connections.");
    private static final ConfigKey<Secret> PASSWORD = ConfigKey.ofSecret("password", "The password.");
    private static final List<ConfigKey<?>> KEYS = List.of(URL, POOL, PASSWORD);

    @Test
    void shouldFindEveryToolNamedByATypeKeyWithItsOwnSettingsOnly() {
        // given
        Map<String, String> settings = Map.of(
                "tool.crm.type", "sql-query", "tool.crm.jdbc.url", "jdbc:postgresql://db/crm", "tool.crm.pool.size", "4",
                "tool.mail.type", "smtp", "tool.mail.host", "smtp.example",
                "tool.orphan.host", "no type, so no tool", "orchestrator.max.in.flight", "10");

        // when
        Map<String, ToolSettings> tools = ToolSettings.allIn(settings);

        // then
        assertThat(tools).containsOnlyKeys("crm", "mail");
        assertThat(tools.get("crm").values()).containsOnlyKeys("type", "jdbc.url", "pool.size");
        assertThat(tools.get("crm").get(POOL)).isEqualTo(4);
        assertThat(tools.get("mail").type()).isEqualTo("smtp");
    }

    @Test
    void shouldRefuseAnUnknownKeyNamingItInFullWithTheKnownOnes() {
        ToolSettings crm = ToolSettings.of("crm", "sql-query", Map.of("jdbc.url", "jdbc:x", "pool.sise", "4"));

        assertThatThrownBy(() -> crm.validate(KEYS))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("[tool.crm.pool.sise]")
                .hasMessageContaining("known: [jdbc.url, password, pool.size, type]");
    }

    @Test
    void shouldRefuseAMissingRequiredKeyByItsFullName() {
        ToolSettings crm = ToolSettings.of("crm", "sql-query", Map.of());

        assertThatThrownBy(() -> crm.validate(KEYS)).hasMessage("tool.crm.jdbc.url is required: The URL.");
    }

    @Test
    void shouldRefuseALiteralPasswordNamingTheKeyButNotTheValue() {
        ToolSettings crm = ToolSettings.of("crm", "sql-query", Map.of("jdbc.url", "jdbc:x", "password", "hunter2"));

        assertThatThrownBy(() -> crm.validate(KEYS))
                .hasMessageStartingWith("tool.crm.password: a secret is given by reference")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldDescribeSettingsWithSecretsByReferenceOnly() {
        ToolSettings crm = ToolSettings.of("crm", "sql-query", Map.of("jdbc.url", "jdbc:x", "password", "env:CRM_PW"));

        assertThat(crm.describe(KEYS)).containsExactly(Map.entry("jdbc.url", "jdbc:x"), Map.entry("password", "env:CRM_PW"));
        assertThat(crm.toString()).doesNotContain("env:CRM_PW").contains("crm", "sql-query");
    }
}
