package dev.orchestrators.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local Maven repository FirstFlowIT builds the example with: this build's own artifacts, which the
 * pre-integration-test phase installed into it, and every other artifact linked from the user's repository (the
 * reactor's build downloaded them there). What another build installed in the user's repository under
 * {@code dev/orchestrators} is not linked, so the example can only resolve this build's artifacts.
 */
final class LocalRepository {
    private static final Path OURS = Path.of("dev", "orchestrators");

    private LocalRepository() {
    }

    /**
     * Completes {@code repository} (holding this build's artifacts) with links into {@code user}.
     *
     * @throws IllegalStateException when {@code repository} holds none of this build's artifacts
     */
    static Path completedFrom(Path repository, Path user) throws IOException {
        if (!Files.isDirectory(repository.resolve(OURS))) {
            throw new IllegalStateException(repository + " has no " + OURS + ": the pre-integration-test phase installs "
                    + "this build's artifacts there (run this test with mvn verify)");
        }
        link(user, repository, Path.of(""));
        return repository;
    }

    /** Links each entry of {@code user/dir} into {@code repository/dir}, descending into the directories on the way to ours. */
    private static void link(Path user, Path repository, Path dir) throws IOException {
        for (Path entry : list(user.resolve(dir))) {
            Path relative = dir.resolve(entry.getFileName().toString());
            Path target = repository.resolve(relative);
            if (relative.equals(OURS)) {
                continue;
            }
            if (OURS.startsWith(relative)) {
                Files.createDirectories(target);
                link(user, repository, relative);
            } else if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(target, entry.toAbsolutePath());
            }
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }
}
