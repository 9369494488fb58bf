package dev.orchestrators.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a broker's storage with Kafka's own storage tool, as {@code kafka-storage.sh format} does, unless it is
 * formatted already.
 *
 * <p>The storage is every log dir ({@code log.dirs}, else {@code log.dir}) and the metadata log dir
 * ({@code metadata.log.dir}). A directory is formatted when it holds {@value #META_PROPERTIES}. When all are, nothing
 * is done, so topics and records survive a restart. When only some are, the others are formatted with the cluster id
 * of the formatted ones; when none is, with a new cluster id. Secrets (JAAS configurations, passwords) never reach
 * the properties file the tool reads, which is deleted afterwards.
 */
final class StorageFormatter {
    static final String META_PROPERTIES = "meta.properties";

    private static final Logger LOG = LoggerFactory.getLogger(StorageFormatter.class);

    private StorageFormatter() {
    }

    /**
     * Formats the storage that the server properties {@code props} name, unless it is formatted already.
     *
     * @param extraArguments further arguments of the storage tool (e.g. {@code --add-scram ...})
     * @throws EmbeddedBrokerException naming {@code clientPort} and the directories, with the tool's own output, when
     *                                 formatting fails
     */
    static void formatIfNeeded(Map<String, String> props, List<String> extraArguments, int clientPort) {
        List<Path> dirs = directories(props);
        try {
            if (!dirs.isEmpty() && dirs.stream().allMatch(StorageFormatter::isFormatted)) {
                LOG.debug("Reusing formatted Kafka storage in {}", dirs);
                return;
            }
            String clusterId = existingClusterId(dirs);
            LOG.debug("Formatting Kafka storage in {} with cluster id {}", dirs, clusterId);
            runStorageTool(props, clusterId, extraArguments, clientPort, dirs);
        } catch (IOException | RuntimeException e) {
            if (e instanceof EmbeddedBrokerException broker) {
                throw broker;
            }
            throw new EmbeddedBrokerException("Embedded Kafka broker on port " + clientPort + " cannot format its storage in "
                + dirs + ": " + e, e);
        }
    }

    /** The log dirs and the metadata log dir that {@code props} name, each once. */
    static List<Path> directories(Map<String, String> props) {
        List<Path> dirs = new ArrayList<>();
        for (String dir : props.getOrDefault("log.dirs", props.getOrDefault("log.dir", "")).split(",")) {
            if (!dir.isBlank()) {
                dirs.add(Path.of(dir.trim()));
            }
        }
        String metadataDir = props.get("metadata.log.dir");
        if (metadataDir != null && !dirs.contains(Path.of(metadataDir))) {
            dirs.add(Path.of(metadataDir));
        }
        return dirs;
    }

    static boolean isFormatted(Path dir) {
        return Files.isRegularFile(dir.resolve(META_PROPERTIES));
    }

    /** The cluster id of the first formatted directory, or a new one. */
    private static String existingClusterId(List<Path> dirs) throws IOException {
        for (Path dir : dirs) {
            if (isFormatted(dir)) {
                Properties meta = new Properties();
                try (InputStream in = Files.newInputStream(dir.resolve(META_PROPERTIES))) {
                    meta.load(in);
                }
                String clusterId = meta.getProperty("cluster.id");
                if (clusterId != null) {
                    return clusterId;
                }
            }
        }
        return Uuid.randomUuid().toString();
    }

    private static void runStorageTool(Map<String, String> props, String clusterId, List<String> extraArguments,
                                       int clientPort, List<Path> dirs) throws IOException {
        Path configFile = Files.createTempFile("embedded-kafka-", ".properties");
        try {
            writeWithoutSecrets(props, configFile);
            List<String> arguments = new ArrayList<>(List.of(
                "format", "--config", configFile.toString(), "--cluster-id", clusterId, "--ignore-formatted"));
            arguments.addAll(extraArguments);
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exitCode;
            try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                exitCode = StorageTool.execute(arguments.toArray(String[]::new), printStream);
            }
            if (exitCode != 0) {
                throw new EmbeddedBrokerException("Embedded Kafka broker on port " + clientPort + " cannot format its storage in "
                    + dirs + " (exit code " + exitCode + "): " + output.toString(StandardCharsets.UTF_8).trim());
            }
        } finally {
            deleteConfigFile(configFile);
        }
    }

    private static void deleteConfigFile(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // It holds no secret (see writeWithoutSecrets), and the storage is formatted: not worth failing the start.
            LOG.debug("Could not delete {}", file, e);
        }
    }

    private static void writeWithoutSecrets(Map<String, String> props, Path file) throws IOException {
        Properties serverProperties = new Properties();
        props.forEach((key, value) -> {
            if (!BrokerSecurity.isSecret(key)) {
                serverProperties.put(key, value);
            }
        });
        try (OutputStream out = Files.newOutputStream(file)) {
            serverProperties.store(out, "embedded Kafka broker, used for formatting only");
        }
    }
}
