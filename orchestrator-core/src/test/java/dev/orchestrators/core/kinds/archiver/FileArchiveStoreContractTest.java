package dev.orchestrators.core.kinds.archiver;

import dev.orchestrators.core.contract.ArchiveStoreContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileArchiveStore} keeps the {@link ArchiveStore} contract; its durable entries are what
 * {@link FileArchiveStore#readAll} reads from its directory. The failure clause is skipped: a file store's storage
 * cannot be broken from outside while a segment is open (a test runs as root, so permissions do not stop it, and a
 * deleted directory does not fail the open segment's fsync); {@code FileArchiveStoreTest} covers a failed write by
 * removing the directory between segments.
 */
class FileArchiveStoreContractTest extends ArchiveStoreContractTest<FileArchiveStore> {
    @TempDir
    Path root;
    private int stores;

    @Override
    protected FileArchiveStore newStore() {
        try {
            return FileArchiveStore.newBuilder(Files.createDirectories(root.resolve("store-" + ++stores))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected List<ArchiveEntry> durableEntries(FileArchiveStore store) {
        return FileArchiveStore.readAll(store.directory());
    }
}
