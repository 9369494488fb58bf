package dev.orchestrators.cli;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory a command makes for one run (the demo's state and archive, its local systems' data) and removes, with
 * everything in it, when it is closed: a clean stop leaves nothing behind. The parent it was made in is removed too
 * when this made it and it is empty then. Symbolic links inside are removed, never followed. Not thread-safe.
 */
final class ScratchDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchDirectory.class);

    private final Path path;
    private final Path createdParent;

    private ScratchDirectory(Path path, Path createdParent) {
        this.path = path;
        this.createdParent = createdParent;
    }

    /**
     * Makes a new directory named {@code <prefix><random>} in {@code parent}, making {@code parent} first if missing.
     *
     * @throws IOException when either cannot be made
     */
    static ScratchDirectory in(Path parent, String prefix) throws IOException {
        Path absolute = parent.toAbsolutePath().normalize();
        Path createdParent = Files.isDirectory(absolute) ? null : Files.createDirectories(absolute);
        return new ScratchDirectory(Files.createTempDirectory(absolute, prefix), createdParent);
    }

    /**
     * Makes a new directory named {@code <prefix><random>} in the OS temp directory.
     *
     * @throws IOException when it cannot be made
     */
    static ScratchDirectory temporary(String prefix) throws IOException {
        return new ScratchDirectory(Files.createTempDirectory(prefix), null);
    }

    Path path() {
        return path;
    }

    /** Whether {@code file} lies inside this directory (and so goes with it). */
    boolean holds(Path file) {
        return file.toAbsolutePath().normalize().startsWith(path);
    }

    /** Removes the directory and everything in it; what cannot be removed is logged, naming it. */
    @Override
    public void close() {
        try {
            deleteTree(path);
            if (createdParent != null) {
                Files.deleteIfExists(createdParent);
            }
        } catch (DirectoryNotEmptyException e) {
            LOG.debug("{} holds other files too; left in place", createdParent);
        } catch (IOException e) {
            LOG.warn("could not remove {} ({}); remove it by hand", path, e.toString());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // gone meanwhile (a process that was stopping removed it)
                }
                throw failure;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
