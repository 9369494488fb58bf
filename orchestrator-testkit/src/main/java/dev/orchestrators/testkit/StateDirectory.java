package dev.orchestrators.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The state directory of one {@link FlowTestDriver}: made when it starts, deleted with everything in it when it closes. */
final class StateDirectory {
    private final Path path;

    private StateDirectory(Path path) {
        this.path = path;
    }

    /**
     * A new, empty directory under {@code parent} (made if missing).
     *
     * @throws UncheckedIOException when it cannot be made
     */
    static StateDirectory under(Path parent) {
        try {
            return new StateDirectory(Files.createTempDirectory(Files.createDirectories(parent), "flow-test-driver-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory for the test driver under " + parent, e);
        }
    }

    /**
     * Maven's build directory when the test runs in a Maven module (the working directory has a {@code target/}), else
     * the system's temporary directory, where Kafka Streams warns that the OS may clear it.
     */
    static Path defaultParent() {
        Path target = Path.of("target");
        return Files.isDirectory(target) ? target.resolve("flow-test-driver") : Path.of(System.getProperty("java.io.tmpdir"));
    }

    Path path() {
        return path;
    }

    /**
     * Deletes the directory and everything in it.
     *
     * @throws UncheckedIOException when something in it cannot be deleted
     */
    void delete() {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test driver's state directory " + path, e);
        }
    }
}
