package dev.orchestrators.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.cli.CommandRun;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.samples.SampleFlows;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Who starts a broker when no cluster is given: the command line does ({@code bin/orchestrator run} and {@code demo}
 * without {@code --bootstrap-servers}); the runtime library never does.
 */
class EmbeddedClusterIT {

    @Test
    void shouldRefuseToStartTheRuntimeWithoutACluster() {
        // given a configuration without bootstrap.servers
        Registry registry = Registry.newBuilder().register(SampleFlows.all(SampleEnvironment.immediate()).get(0)).build();
        OrchestratorConfig config = new OrchestratorConfig(Map.of());

        // when / then
        assertThatThrownBy(() -> OrchestratorRuntime.start(registry, OrchestratorContext.newBuilder().build(), config).close())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("bootstrap.servers is empty")
                .hasMessageContaining("EmbeddedKafkaBroker");
    }

    @Test
    void shouldRunTheDemoOnABrokerOfItsOwnWhenNoClusterIsGiven() throws IOException {
        // when the demo runs without --bootstrap-servers
        CommandRun demo = CommandRun.of("demo");

        // then it started a broker, ran the samples on it and stopped it, closing nothing twice
        assertThat(demo.exit()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("== real Kafka broker (KRaft) on 127.0.0.1:");
        assertThat(demo.err()).doesNotContain("Attempting to close NetworkClient that has already been closed");
        // quietly, and truthfully: no state in the OS temp directory, no warning a user cannot act on, an open
        // archive segment read as open; and what it made for itself (state, archive) it removed on the way out
        assertThat(demo.err()).doesNotContain("OS temp directory", "is not enabled for the GlobalThread", "is damaged after",
                "was cut short");
        assertThat(demoDirectories()).as("the demo's data directory, removed when it stops").isEmpty();
    }

    /** The demos' data directories left in the default data directory under the working directory. */
    private static List<Path> demoDirectories() throws IOException {
        Path dataDir = Path.of(OrchestratorConfig.CONFIG.defaultValues().get(OrchestratorConfig.DATA_DIR_CONFIG).toString());
        if (!Files.isDirectory(dataDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("demo-")).toList();
        }
    }
}
