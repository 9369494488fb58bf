package dev.orchestrators.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.streams.config.OrchestratorConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The Kafka Streams settings of a flow: what the runtime gives each flow's instance so it starts quietly. */
class StreamsPropertiesTest {

    private static StreamsConfig streamsConfigOf(Map<String, Object> settings) {
        Properties props = OrchestratorRuntime.streamsProperties("lead_sync", "broker:9092", new OrchestratorConfig(settings));
        return new StreamsConfig(props);
    }

    @Test
    void shouldEnableTheGlobalProcessingExceptionHandlerWhereverKafkaStreamsReadsItsSettings() {
        // given
        StreamsConfig streams = streamsConfigOf(Map.of());

        // when: the settings the partition assignor reads its own StreamsConfig from
        Map<String, Object> assignorSettings = streams.getMainConsumerConfigs("orchestrator-lead_sync", "client", 0);

        // then
        assertThat(streams.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();
        assertThat(assignorSettings).containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    }

    @Test
    void shouldKeepTheFlowsStateUnderTheWorkersDataDirectory() {
        // given
        StreamsConfig streams = streamsConfigOf(Map.of(OrchestratorConfig.DATA_DIR_CONFIG, "/var/lib/worker"));

        // then: Kafka Streams adds <application.id> below it
        assertThat(Path.of(streams.getString(StreamsConfig.STATE_DIR_CONFIG))).isEqualTo(Path.of("/var/lib/worker/state"));
    }
}
