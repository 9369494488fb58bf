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
import java.util.Map;
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
    void shouldRunTheDemoOnABrokerOfItsOwnWhenNoClusterIsGiven() {
        // when the demo runs without --bootstrap-servers
        CommandRun demo = CommandRun.of("demo");

        // then it started a broker, ran the samples on it and stopped it, closing nothing twice
        assertThat(demo.exit()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("== real Kafka broker (KRaft) on 127.0.0.1:");
        assertThat(demo.err()).doesNotContain("Attempting to close NetworkClient that has already been closed");
    }
}
