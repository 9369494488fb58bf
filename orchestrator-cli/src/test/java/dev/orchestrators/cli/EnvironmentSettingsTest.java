package dev.orchestrators.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Configuration keys as {@code ORCHESTRATOR_} environment variables, for workers in containers. */
class EnvironmentSettingsTest {

    @Test
    void shouldNameEachKeyAsTheApacheKafkaImageNamesBrokerSettings() {
        assertThat(EnvironmentSettings.variableOf("orchestrator.max.in.flight")).isEqualTo("ORCHESTRATOR_MAX_IN_FLIGHT");
        assertThat(EnvironmentSettings.variableOf("bootstrap.servers")).isEqualTo("ORCHESTRATOR_BOOTSTRAP_SERVERS");
        assertThat(EnvironmentSettings.variableOf("streams.num.standby.replicas")).isEqualTo("ORCHESTRATOR_STREAMS_NUM_STANDBY_REPLICAS");
        assertThat(EnvironmentSettings.variableOf("orchestrator.tool.email_sender.rate.per.second"))
                .isEqualTo("ORCHESTRATOR_TOOL_EMAIL__SENDER_RATE_PER_SECOND");
        assertThat(EnvironmentSettings.variableOf("flow.lead-sync.orchestrator.wire.format"))
                .isEqualTo("ORCHESTRATOR_FLOW_LEAD___SYNC_ORCHESTRATOR_WIRE_FORMAT");
    }

    @Test
    void shouldReadEveryVariableBackAsTheKeyItWasNamedFor() {
        for (String key : OrchestratorConfig.CONFIG.names()) {
            assertThat(EnvironmentSettings.keyOf(EnvironmentSettings.variableOf(key))).as(key).isEqualTo(key);
        }
        for (String key : new String[] {"orchestrator.tool.crm_write.max.concurrent", "tool.data_coordinator.jdbc.url",
                "tool.delivery.password", "flow.lead_sync.orchestrator.wire.format",
                "streams.producer.transaction.timeout.ms", "flow.company_search.schema.registry.url"}) {
            assertThat(EnvironmentSettings.keyOf(EnvironmentSettings.variableOf(key))).as(key).isEqualTo(key);
        }
    }

    @Test
    void shouldTellAToolAdaptersSettingFromAPerToolLimitOfTheSameTool() {
        assertThat(EnvironmentSettings.keyOf("ORCHESTRATOR_TOOL_DATA__COORDINATOR_JDBC_URL")).isEqualTo("tool.data_coordinator.jdbc.url");
        assertThat(EnvironmentSettings.keyOf("ORCHESTRATOR_TOOL_DATA__COORDINATOR_MAX_CONCURRENT"))
                .isEqualTo("orchestrator.tool.data_coordinator.max.concurrent");
        assertThat(EnvironmentSettings.keyOf("ORCHESTRATOR_ARCHIVE_S3_BUCKET")).isEqualTo("archive.s3.bucket");
        assertThat(EnvironmentSettings.keyOf("ORCHESTRATOR_ARCHIVE_DIR")).isEqualTo("orchestrator.archive.dir");
    }

    @Test
    void shouldRefuseAVariableThatNamesNoKeyNamingIt() {
        assertThatThrownBy(() -> EnvironmentSettings.keyOf("ORCHESTRATOR_MAX_INFLIGHT"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ORCHESTRATOR_MAX_INFLIGHT").hasMessageContaining("orchestrator.max.inflight");
        assertThatThrownBy(() -> EnvironmentSettings.keyOf("ORCHESTRATOR_MAX____IN_FLIGHT"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("4 underscores");
        assertThatThrownBy(() -> EnvironmentSettings.variableOf("no.such.key")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnvironmentSettings.variableOf("flow.LeadSync.orchestrator.wire.format"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-D");
    }

    @Test
    void shouldTakeOnlyOrchestratorVariablesAndLeaveTheLaunchersJavaOptionsAlone() {
        Map<String, String> environment = Map.of("PATH", "/usr/bin", "ORCHESTRATOR_JAVA_OPTS", "-Xmx2g",
                "ORCHESTRATOR_FLOWS", "lead_sync,company_search", "ORCHESTRATOR_SASL_PASSWORD", "secret");

        assertThat(EnvironmentSettings.settings(environment))
                .containsExactly(Map.entry("orchestrator.flows", "lead_sync,company_search"), Map.entry("sasl.password", "secret"));
    }

    @Test
    void shouldConfigureAWorkerFromItsEnvironment() {
        // given
        FlowOptions options = options(Map.of("ORCHESTRATOR_BOOTSTRAP_SERVERS", "kafka-1:19092", "ORCHESTRATOR_TOPIC_PARTITIONS", "6",
                "ORCHESTRATOR_METRICS_PORT", "9464", "ORCHESTRATOR_SASL_PASSWORD", "from-a-secret",
                "ORCHESTRATOR_FLOW_LEAD__SYNC_ORCHESTRATOR_MAX_IN_FLIGHT", "200"));

        // when
        OrchestratorConfig config = options.config();

        // then
        assertThat(config.getString(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("kafka-1:19092");
        assertThat(config.getInt(OrchestratorConfig.TOPIC_PARTITIONS_CONFIG)).isEqualTo(6);
        assertThat(config.getInt(OrchestratorConfig.METRICS_PORT_CONFIG)).isEqualTo(9464);
        assertThat(config.getPassword(OrchestratorConfig.SASL_PASSWORD_CONFIG)).isEqualTo(new Password("from-a-secret"));
        assertThat(config.forFlow("lead_sync").getInt(OrchestratorConfig.MAX_IN_FLIGHT_CONFIG)).isEqualTo(200);
        assertThat(config.getInt(OrchestratorConfig.MAX_IN_FLIGHT_CONFIG)).isEqualTo(1000);
    }

    @Test
    void shouldLetDashDWinOverTheEnvironmentAndTheOptionsWinOverBoth() {
        Map<String, String> environment = Map.of("ORCHESTRATOR_TOPIC_PARTITIONS", "6", "ORCHESTRATOR_BOOTSTRAP_SERVERS", "kafka:9092");

        assertThat(options(environment, "-D", "orchestrator.topic.partitions=8").config()
                .getInt(OrchestratorConfig.TOPIC_PARTITIONS_CONFIG)).isEqualTo(8);
        assertThat(options(environment, "-D", "orchestrator.topic.partitions=8", "--partitions", "12").config()
                .getInt(OrchestratorConfig.TOPIC_PARTITIONS_CONFIG)).isEqualTo(12);
        assertThat(options(environment, "--bootstrap-servers", "other:9092").config()
                .getString(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("other:9092");
    }

    @Test
    void shouldKeepEveryDefaultWhenNothingIsGiven() {
        OrchestratorConfig config = options(Map.of()).config();

        assertThat(config.getString(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG)).isEmpty();
        assertThat(config.getInt(OrchestratorConfig.BROKER_PORT_CONFIG)).isEqualTo(9092);
        assertThat(config.getInt(OrchestratorConfig.TOPIC_PARTITIONS_CONFIG)).isEqualTo(3);
        assertThat(config.getString(OrchestratorConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(config.getList(OrchestratorConfig.FLOWS_CONFIG)).isEmpty();
    }

    @Test
    void shouldStopAWorkerWhoseEnvironmentHasAMisspeltSetting() {
        FlowOptions options = options(Map.of("ORCHESTRATOR_BOOTSTRAP_SERVER", "kafka:9092"));

        assertThatThrownBy(options::config).isInstanceOf(ConfigurationException.class).hasMessageContaining("ORCHESTRATOR_BOOTSTRAP_SERVER");
    }

    @Test
    void shouldTellFlowProvidersTheEnvironmentsSettingsToo() {
        FlowOptions options = options(Map.of("ORCHESTRATOR_SCHEMA_REGISTRY_URL", "http://registry:8080/apis/ccompat/v7"),
                "-D", "samples.latency.ms=5");

        assertThat(options.environment().get("schema.registry.url", "")).isEqualTo("http://registry:8080/apis/ccompat/v7");
        assertThat(options.environment().get(SampleEnvironment.LATENCY_MS, "")).isEqualTo("5");
    }

    @Test
    void shouldNeverLetTheDemoReadTheEnvironmentMeantForAWorker() {
        assertThat(new DemoCommand().options.environmentVariables).isEmpty();
    }

    private static FlowOptions options(Map<String, String> environment, String... arguments) {
        FlowOptions options = new FlowOptions();
        options.environmentVariables = environment;
        new CommandLine(options).parseArgs(arguments);
        return options;
    }
}
