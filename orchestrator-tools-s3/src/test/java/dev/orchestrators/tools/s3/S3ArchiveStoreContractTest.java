package dev.orchestrators.tools.s3;

import dev.orchestrators.core.contract.ArchiveStoreContractTest;
import dev.orchestrators.core.kinds.archiver.ArchiveEntry;
import dev.orchestrators.core.kinds.archiver.ArchiveStore;
import dev.orchestrators.localservers.LocalS3;
import dev.orchestrators.tools.AdapterMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * {@link S3ArchiveStore} keeps the {@link ArchiveStore} contract on a real S3 server ({@link LocalS3}), each store under
 * a key prefix of its own, its durable entries read from the batch objects; skipped where S3Proxy is not on the class
 * path. Its storage breaks as an outage does (the server stopped, then started again on the same port), and refuses it
 * for good when it signs with a wrong secret.
 */
class S3ArchiveStoreContractTest extends ArchiveStoreContractTest<S3ArchiveStore> {
    private static LocalS3 s3;
    private static S3AsyncClient client;
    private final Map<S3ArchiveStore, String> prefixOf = new IdentityHashMap<>();
    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        s3 = LocalS3Archive.start();
        client = S3ArchiveStore.newClient(S3ArchiveSettings.from(LocalS3Archive.settings(s3)));
    }

    @AfterAll
    static void stopServer() {
        if (client != null) {
            client.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @AfterEach
    void serverRunning() {
        if (!s3.isRunning()) {
            s3.start();
        }
    }

    @Override
    protected S3ArchiveStore newStore() {
        Map<String, String> settings = LocalS3Archive.settings(s3);
        S3ArchiveStore store = S3ArchiveStore.newBuilder(S3ArchiveSettings.from(settings)).client(client)
                .meters(AdapterMeters.of(new SimpleMeterRegistry(), "archive", S3ArchiveStore.TYPE)).build();
        prefixOf.put(store, settings.get("archive.s3.prefix"));
        return store;
    }

    @Override
    protected List<ArchiveEntry> durableEntries(S3ArchiveStore store) {
        return LocalS3Archive.entries(s3, prefixOf.get(store));
    }

    @Override
    protected boolean breakStorage(S3ArchiveStore store) {
        s3.stop();
        return true;
    }

    @Override
    protected void repairStorage(S3ArchiveStore store) {
        s3.start();
    }

    @Override
    protected Optional<S3ArchiveStore> newStoreDeniedAccess() {
        try {
            Path wrong = Files.writeString(dir.resolve("wrong-secret"), "not-the-secret\n");
            return Optional.of(S3ArchiveStore.newBuilder(S3ArchiveSettings.from(LocalS3Archive.settings(s3,
                    "secret.access.key", "file:" + wrong))).meters(AdapterMeters.of(new SimpleMeterRegistry(), "archive",
                    S3ArchiveStore.TYPE)).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
