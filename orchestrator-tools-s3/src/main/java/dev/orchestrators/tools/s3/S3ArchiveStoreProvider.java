package dev.orchestrators.tools.s3;

import dev.orchestrators.core.kinds.archiver.ArchiveStore;
import dev.orchestrators.core.kinds.archiver.ArchiveStoreProvider;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Turns the runtime's archiver to S3 when {@code archive.s3.bucket} is set: one {@link S3AsyncClient} shared by the
 * stores of every audit partition the instance archives, each store named {@code archive-p<partition>} (its meters and
 * threads). Registered through {@code META-INF/services}. Stateless.
 */
public final class S3ArchiveStoreProvider implements ArchiveStoreProvider {

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public boolean isConfigured(Map<String, String> settings) {
        return S3ArchiveSettings.isConfigured(settings);
    }

    @Override
    public Stores open(Map<String, String> settings) {
        S3ArchiveSettings s3 = S3ArchiveSettings.from(settings);
        S3AsyncClient client = S3ArchiveStore.newClient(s3);
        return new Stores() {
            @Override
            public ArchiveStore forPartition(int partition) {
                return S3ArchiveStore.newBuilder(s3).client(client).name("archive-p" + partition).build();
            }

            @Override
            public String describe() {
                return "S3 " + s3.describe();
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }
}
