package dev.orchestrators.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a broker keeps its data: the directory the caller gave, which is created if missing and never deleted, or a
 * new temporary directory, which {@link #deleteIfTemporary()} deletes with everything in it.
 */
final class DataDir {
    private static final Logger LOG = LoggerFactory.getLogger(DataDir.class);

    private final Path path;
    private final boolean temporary;

    private DataDir(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /**
     * Creates {@code requested} (when missing), or a temporary directory when it is {@code null}.
     *
     * @throws EmbeddedBrokerException naming {@code clientPort} when the directory cannot be created
     */
    static DataDir open(Path requested, int clientPort) {
        try {
            if (requested != null) {
                return new DataDir(Files.createDirectories(requested), false);
            }
            return new DataDir(Files.createTempDirectory("embedded-kafka-"), true);
        } catch (IOException e) {
            throw new EmbeddedBrokerException("Embedded Kafka broker on port " + clientPort + " cannot create its data dir "
                + (requested == null ? "(temporary)" : requested) + ": " + e, e);
        }
    }

    Path path() {
        return path;
    }

    boolean isTemporary() {
        return temporary;
    }

    /** Deletes a temporary data dir; a failure is logged, since the broker is closed either way. */
    void deleteIfTemporary() {
        if (!temporary || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(DataDir::delete);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete the embedded Kafka broker's temporary data dir {}", path, e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return path + (temporary ? " (temporary)" : "");
    }
}
