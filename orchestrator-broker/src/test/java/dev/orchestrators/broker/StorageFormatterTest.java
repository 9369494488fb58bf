package dev.orchestrators.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specification of {@link StorageFormatter}: formatting a broker's storage once, as kafka-storage.sh format does. */
class StorageFormatterTest {
    private static final int PORT = 19092;

    @TempDir
    Path dataDir;

    @Test
    void shouldFormatTheLogDirAndTheMetadataDirWithOneClusterId() throws IOException {
        // given a new data dir
        Map<String, String> props = serverProperties();

        // when
        StorageFormatter.formatIfNeeded(props, List.of(), PORT);

        // then both directories are formatted, for the same cluster
        assertThat(clusterId(dataDir.resolve("logs"))).isNotBlank().isEqualTo(clusterId(dataDir.resolve("metadata")));
    }

    @Test
    void shouldLeaveAFormattedStorageAsItIsSoThatItsDataSurvivesARestart() throws IOException {
        // given a formatted storage with a record of the first start
        Map<String, String> props = serverProperties();
        StorageFormatter.formatIfNeeded(props, List.of(), PORT);
        String clusterId = clusterId(dataDir.resolve("logs"));
        Path record = Files.writeString(dataDir.resolve("logs").resolve("orders-0.marker"), "kept");

        // when it starts again
        StorageFormatter.formatIfNeeded(props, List.of(), PORT);

        // then
        assertThat(clusterId(dataDir.resolve("logs"))).isEqualTo(clusterId);
        assertThat(record).hasContent("kept");
    }

    @Test
    void shouldFormatAMissingDirWithTheClusterIdOfTheFormattedOnes() throws IOException {
        // given a formatted storage whose log dir was lost
        Map<String, String> props = serverProperties();
        StorageFormatter.formatIfNeeded(props, List.of(), PORT);
        String clusterId = clusterId(dataDir.resolve("metadata"));
        deleteRecursively(dataDir.resolve("logs"));

        // when
        StorageFormatter.formatIfNeeded(props, List.of(), PORT);

        // then
        assertThat(clusterId(dataDir.resolve("logs"))).isEqualTo(clusterId);
    }

    @Test
    void shouldNameThePortAndTheDirectoriesWhenKafkaRefusesToFormat() {
        // given properties Kafka refuses
        Map<String, String> props = serverProperties();
        props.put("process.roles", "gardener");

        // when / then
        assertThatThrownBy(() -> StorageFormatter.formatIfNeeded(props, List.of(), PORT))
            .isInstanceOf(EmbeddedBrokerException.class)
            .hasMessageContaining("port " + PORT)
            .hasMessageContaining("cannot format its storage in")
            .hasMessageContaining(dataDir.resolve("logs").toString());
    }

    @Test
    void shouldListEveryLogDirAndTheMetadataDirOnce() {
        // given
        Map<String, String> props = Map.of("log.dirs", "/a, /b,", "metadata.log.dir", "/b");

        // when / then
        assertThat(StorageFormatter.directories(props)).containsExactly(Path.of("/a"), Path.of("/b"));
        assertThat(StorageFormatter.directories(Map.of("log.dir", "/c", "metadata.log.dir", "/m")))
            .containsExactly(Path.of("/c"), Path.of("/m"));
    }

    private Map<String, String> serverProperties() {
        BrokerSettings settings = new BrokerSettings(0, dataDir, Map.of(), List.of(), null, EmbeddedKafkaBroker.DEFAULT_STARTUP_TIMEOUT);
        return new HashMap<>(ServerProperties.of(settings, dataDir, new BrokerPorts(PORT, PORT + 1)));
    }

    private static String clusterId(Path dir) throws IOException {
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(StorageFormatter.META_PROPERTIES))) {
            meta.load(in);
        }
        return meta.getProperty("cluster.id");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
