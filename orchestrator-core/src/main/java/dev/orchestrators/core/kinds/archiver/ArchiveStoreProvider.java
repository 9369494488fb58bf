package dev.orchestrators.core.kinds.archiver;

import java.util.Map;

/**
 * Makes the archiver's stores from settings: the service-provider interface through which a module such as
 * {@code orchestrator-tools-s3} offers an {@link ArchiveStore} ({@code archive.s3.*}) without the runtime depending
 * on its client library. Register an implementation in
 * {@code META-INF/services/dev.orchestrators.core.kinds.archiver.ArchiveStoreProvider}; the runtime asks each provider
 * on its class path whether the settings configure it. Implementations need a public no-argument constructor.
 */
public interface ArchiveStoreProvider {

    /** A short name for logs and messages, e.g. {@code s3}. */
    String name();

    /** Whether {@code settings} configure this provider's store (e.g. {@code archive.s3.bucket} is set). */
    boolean isConfigured(Map<String, String> settings);

    /**
     * The stores of the archiver's tasks, one per audit partition, sharing what they can (a client, a pool).
     *
     * @throws dev.orchestrators.core.errors.ConfigurationException naming the key, when a setting is missing or bad
     */
    Stores open(Map<String, String> settings);

    /** The stores of one runtime's archiver; closing it releases what the stores shared. */
    interface Stores extends AutoCloseable {

        /** The store of audit partition {@code partition}. */
        ArchiveStore forPartition(int partition);

        /** Where the stores write, for logs (never a secret). */
        String describe();

        @Override
        void close();
    }
}
