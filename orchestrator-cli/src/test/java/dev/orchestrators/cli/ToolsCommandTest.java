package dev.orchestrators.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orchestrator tools}: what is configured, by reference only, and whether it reaches its system. */
class ToolsCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldListAConfiguredToolWithItsCapabilityAndTheFlowsThatCallItAndExit1WhenItIsUnreachable() {
        // given an HTTP enrichment tool pointed at a port nothing listens on
        CommandRun run = CommandRun.of("tools", "--flows", "lead_sync", "--timeout-ms", "3000",
                "-D", "tool.enrichment_service.type=http", "-D", "tool.enrichment_service.base.url=http://127.0.0.1:1",
                "-D", "tool.enrichment_service.connect.timeout.ms=500");

        // then
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("enrichment_service", "http", "READ", "UNREACHABLE", "used by:  [lead_sync]")
                .contains("data_coordinator").doesNotContain("company_db"); // the samples lead_sync calls, and no other flow's
    }

    @Test
    void shouldShowASecretByItsReferenceNeverItsValue() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "tok-5f1e3b9d-never-printed");

        CommandRun run = CommandRun.of("tools", "--no-check", "-D", "tool.crm_api.type=http",
                "-D", "tool.crm_api.base.url=https://crm.example", "-D", "tool.crm_api.auth=bearer",
                "-D", "tool.crm_api.auth.token=file:" + token);

        assertThat(run.exit()).isEqualTo(0);
        assertThat(run.out()).contains("crm_api", "not checked", "file:" + token).doesNotContain("tok-5f1e3b9d");
    }

    @Test
    void shouldRefuseAnUnknownSettingOfATypeNamingIt() {
        CommandRun run = CommandRun.of("tools", "--no-check", "-D", "tool.crm_api.type=http",
                "-D", "tool.crm_api.base.url=https://crm.example", "-D", "tool.crm_api.base.uri=oops");

        assertThat(run.exit()).isNotZero();
        assertThat(run.out() + run.err()).contains("tool.crm_api.base.uri");
    }
}
