package dev.orchestrators.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class OrchestratorConfigTest {
    private static final String BEGIN = "<!-- BEGIN GENERATED: OrchestratorConfig.toMarkdown() -->\n";
    private static final String END = "<!-- END GENERATED -->";

    @Test
    void shouldKeepTheReferenceDocsInStepWithTheConfigDefinitions() throws Exception {
        Path docs = Path.of("..", "docs", "configuration.md");
        String text = Files.readString(docs, StandardCharsets.UTF_8);
        String generated = text.substring(text.indexOf(BEGIN) + BEGIN.length(), text.indexOf(END));

        assertThat(generated)
                .as("docs/configuration.md is out of date: paste OrchestratorConfig.toMarkdown() between the markers")
                .isEqualTo(OrchestratorConfig.toMarkdown());
    }

    @Test
    void shouldRejectABadValueNamingTheKey() {
        assertThatThrownBy(() -> new OrchestratorConfig(Map.of(OrchestratorConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("processing.guarantee");
        assertThatThrownBy(() -> new OrchestratorConfig(Map.of(OrchestratorConfig.MAX_IN_FLIGHT_CONFIG, 0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("orchestrator.max.in.flight");
    }

    @Test
    void shouldKeepTheFlowsStateUnderTheWorkersDataDirectory() {
        // given a worker's data directory, and one whose state directory is set apart
        var config = new OrchestratorConfig(Map.of(OrchestratorConfig.DATA_DIR_CONFIG, "/var/lib/worker"));
        var apart = new OrchestratorConfig(Map.of(OrchestratorConfig.DATA_DIR_CONFIG, "/var/lib/worker",
                OrchestratorConfig.STATE_DIR_CONFIG, "/mnt/ssd/state"));

        // then
        assertThat(config.stateDirectory()).isEqualTo(Path.of("/var/lib/worker/state"));
        assertThat(apart.stateDirectory()).isEqualTo(Path.of("/mnt/ssd/state"));
    }

    @Test
    void shouldPutTheDataDirectoryUnderTheWorkingDirectoryByDefaultNeverUnderTheOsTempDirectory() {
        // given
        var config = new OrchestratorConfig(Map.of());

        // then
        assertThat(config.stateDirectory()).isEqualTo(Path.of("orchestrator-data", "state").toAbsolutePath());
        assertThat(config.stateDirectory().toString()).doesNotStartWith(System.getProperty("java.io.tmpdir"));
    }

    @Test
    void shouldReadPerToolLimits() {
        var config = new OrchestratorConfig(Map.of("orchestrator.tool.crm_write.max.concurrent", "4",
                "orchestrator.tool.crm_write.rate.per.second", "50", "orchestrator.tool.smtp.rate.per.second", "10"));

        assertThat(config.toolLimits()).containsOnlyKeys("crm_write", "smtp");
        assertThat(config.toolLimits().get("crm_write").maxConcurrent()).isEqualTo(4);
        assertThat(config.toolLimits().get("crm_write").ratePerSecond()).isEqualTo(50);
        assertThat(config.toolLimits().get("smtp").maxConcurrent()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void shouldRejectAnUnknownToolSettingNamingTheKey() {
        var config = new OrchestratorConfig(Map.of("orchestrator.tool.smtp.burst", "3"));

        assertThatThrownBy(config::toolLimits).isInstanceOf(ConfigException.class)
                .hasMessageContaining("orchestrator.tool.smtp.burst");
    }

    @Test
    void shouldLetAFlowOverrideAKeyForItselfOnly() {
        var config = new OrchestratorConfig(Map.of(OrchestratorConfig.MAX_IN_FLIGHT_CONFIG, "1000",
                "flow.lead_sync.orchestrator.max.in.flight", "200"));

        assertThat(config.forFlow("lead_sync").getInt(OrchestratorConfig.MAX_IN_FLIGHT_CONFIG)).isEqualTo(200);
        assertThat(config.forFlow("other").getInt(OrchestratorConfig.MAX_IN_FLIGHT_CONFIG)).isEqualTo(1000);
    }

    @Test
    void shouldRejectABadPerFlowOverrideNamingTheKey() {
        var config = new OrchestratorConfig(Map.of("flow.lead_sync.processing.guarantee", "maybe"));

        assertThatThrownBy(() -> config.forFlow("lead_sync")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("processing.guarantee");
    }
}
