package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.kinds.archiver.ArchiveStore;
import dev.orchestrators.core.kinds.archiver.ArchiveStoreProvider;
import dev.orchestrators.core.kinds.archiver.FileArchiveStore;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Where the archiver writes: the file archive ({@code orchestrator.archive.dir}) or the store of an
 * {@link ArchiveStoreProvider} on the class path whose settings are given (e.g. {@code archive.s3.bucket}); at most one.
 *
 * @param opener      the store of each audit partition
 * @param store       what the stores share and the runtime closes after the archiver stops, if anything
 * @param description where the entries go, for the log
 */
public record ArchiveTarget(IntFunction<ArchiveStore> opener, Optional<AutoCloseable> store, String description) {

    /**
     * The archiver's target, or {@code null} when no archive is configured.
     *
     * @throws ConfigurationException when two targets are configured, or a provider's settings are bad
     */
    public static ArchiveTarget of(OrchestratorConfig config) {
        String dir = config.getString(OrchestratorConfig.ARCHIVE_DIR_CONFIG);
        Map<String, String> settings = new TreeMap<>();
        config.originals().forEach((k, v) -> settings.put(k, String.valueOf(v)));
        List<ArchiveStoreProvider> configured = new ArrayList<>();
        ServiceLoader.load(ArchiveStoreProvider.class).forEach(p -> {
            if (p.isConfigured(settings)) {
                configured.add(p);
            }
        });
        if (configured.size() + (dir.isBlank() ? 0 : 1) > 1) {
            throw new ConfigurationException("more than one archive is configured (" + (dir.isBlank() ? "" : OrchestratorConfig.ARCHIVE_DIR_CONFIG
                    + ", ") + configured.stream().map(ArchiveStoreProvider::name).toList() + "): the archiver writes to one");
        }
        if (!dir.isBlank()) {
            Path root = Path.of(dir);
            return new ArchiveTarget(p -> FileArchiveStore.newBuilder(root.resolve("partition-" + p)).build(), Optional.empty(), dir);
        }
        if (configured.isEmpty()) {
            return null;
        }
        ArchiveStoreProvider.Stores stores = configured.get(0).open(settings);
        return new ArchiveTarget(stores::forPartition, Optional.of(stores), stores.describe());
    }
}
