package dev.orchestrators.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.serde.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code orchestrator acls}, {@code orchestrator topics} and the security options, without a broker. */
class SecurityCommandsTest {

    @Test
    void shouldPrintTheFlowsAclsOnePerLineWithWhyEachIsNeeded() {
        CommandRun run = CommandRun.of("acls", "--flow", "lead_sync", "--principal", "User:lead-worker", "-D", "orchestrator.application.id.prefix=prod-");

        assertThat(run.exit()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("ALLOW "))).hasSize(21);
        assertThat(run.out()).contains("ALLOW User:lead-worker READ TOPIC LITERAL lead_sync.requests ")
                .contains("ALLOW User:lead-worker WRITE TRANSACTIONAL_ID PREFIXED prod-lead_sync- ")
                .contains("# consumes it");
    }

    @Test
    void shouldPrintAclsAsJsonForScripts() throws Exception {
        CommandRun run = CommandRun.of("acls", "--flow", "support_triage", "--flow", "lead_intake", "--principal", "User:triage", "--json");

        JsonNode flows = Json.mapper().readTree(run.out());
        assertThat(flows).hasSize(2);
        assertThat(flows.get(1).get("acls").findValuesAsText("resource_name")).contains("support_triage.results");
        assertThat(flows.get(0).get("acls").get(0).get("operation").asText()).isEqualTo("read");
    }

    @Test
    void shouldListEveryTopicOfAFlowIncludingItsChangelogs() throws Exception {
        CommandRun text = CommandRun.of("topics", "--flow", "account_provisioning", "--partitions", "6");
        CommandRun json = CommandRun.of("topics", "--flow", "account_provisioning", "--format", "json");

        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("account_provisioning.compensations").contains("partitions as account_provisioning.requests")
                .contains("orchestrator-account_provisioning-account_provisioning-saga-state-changelog")
                .contains("partitions 6");
        JsonNode topics = Json.mapper().readTree(json.out());
        assertThat(topics.findValuesAsText("name")).contains("orchestrator-account_provisioning-account_provisioning-ledger-changelog");
    }

    @Test
    void shouldRefuseToApplyWithoutACluster() {
        assertThat(CommandRun.of("topics", "--flow", "lead_sync", "--apply").exit()).isNotZero();
        assertThat(CommandRun.of("acls", "--flow", "lead_sync", "--principal", "User:x", "--apply").exit()).isNotZero();
        assertThat(CommandRun.of("acls", "--principal", "User:x").exit()).as("no flow named").isNotZero();
        assertThat(CommandRun.of("topics", "--format", "yaml").exit()).isEqualTo(2);
    }

    @Test
    void shouldReadSecretsFromFilesNotFromTheCommandLine(@TempDir Path dir) throws Exception {
        // given
        Path password = Files.writeString(dir.resolve("pw"), "from-a-file\nignored second line\n");
        Path truststorePassword = Files.writeString(dir.resolve("tpw"), "trust\r\n");
        FlowOptions options = new FlowOptions();

        // when
        new CommandLine(options).parseArgs("--security-protocol", "SASL_SSL", "--sasl-username", "lead-worker",
                "--sasl-password-file", password.toString(), "--ssl-truststore", "truststore.p12",
                "--secret-file", "ssl.truststore.password=" + truststorePassword);
        OrchestratorConfig config = options.config();

        // then
        assertThat(config.getPassword(OrchestratorConfig.SASL_PASSWORD_CONFIG)).isEqualTo(new Password("from-a-file"));
        assertThat(config.getPassword(OrchestratorConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG)).isEqualTo(new Password("trust"));
        assertThat(config.getString(OrchestratorConfig.SSL_TRUSTSTORE_LOCATION_CONFIG)).endsWith("truststore.p12");
        assertThat(config.clientOverrides()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void shouldRejectASecretFileForAKeyThatIsNoSecret(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        FlowOptions options = new FlowOptions();
        new CommandLine(options).parseArgs("--secret-file", "sasl.username=" + file);

        org.assertj.core.api.Assertions.assertThatThrownBy(options::config)
                .hasMessageContaining("sasl.username").hasMessageContaining("ssl.keystore.password");
    }
}
