package dev.orchestrators.core.kinds.archiver;

/**
 * Long-term storage for final envelopes, behind which the {@link Archiver} writes: a local directory
 * ({@link FileArchiveStore}), an object store, a database. {@link InMemoryArchiveStore} is for tests.
 *
 * <p>The contract, which a store shared by many concurrent writers must keep:
 * <ul>
 *   <li>{@link #append} is idempotent by {@link ArchiveEntry#key()}: an entry whose key the store already
 *       holds within its de-duplication window is skipped, and the call returns normally.</li>
 *   <li>{@link #sync} returns normally only once every entry appended before it began is durable; an entry
 *       is not acknowledged before that. A failed append or sync throws {@link ArchiveException} and loses
 *       nothing that was appended: appending the same entry again and syncing is the retry.</li>
 * </ul>
 * Implementations must be thread-safe. {@code ArchiveStoreContractTest} (core's test-jar) is the contract every
 * implementation runs.
 */
public interface ArchiveStore extends AutoCloseable {

    /**
     * Adds {@code entry}, or skips it when its key was archived already within the de-duplication window.
     *
     * @throws ArchiveException         when the entry could not be written; append it again to retry
     * @throws IllegalArgumentException when the entry can never be stored (its JSON is not one object)
     * @throws IllegalStateException    when the store is closed
     */
    void append(ArchiveEntry entry);

    /**
     * Makes every entry appended so far durable.
     *
     * @throws ArchiveException      when that failed; the entries are kept and the next sync writes them again
     * @throws IllegalStateException when the store is closed
     */
    void sync();

    /** Whether an entry with {@code key} was appended (durable or about to be) within the de-duplication window. */
    boolean contains(String key);

    /**
     * Makes what was appended durable and releases the store's files or connections.
     *
     * @throws ArchiveException when the last entries could not be made durable
     */
    @Override
    void close();
}
