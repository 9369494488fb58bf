package dev.orchestrators.tools.s3;

import dev.orchestrators.core.kinds.archiver.ArchiveEntry;
import dev.orchestrators.core.kinds.archiver.ArchiveException;
import dev.orchestrators.core.kinds.archiver.ArchiveStore;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.ToolHealth;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * An {@link ArchiveStore} on S3 or any S3-compatible server, through the AWS SDK v2 {@link S3AsyncClient}: entries
 * are grouped into batch objects of gzip-compressed JSON Lines (the lines of {@code FileArchiveStore}'s segments)
 * under {@code archive.s3.prefix}.
 *
 * <pre>{@code
 * try (S3ArchiveStore store = S3ArchiveStore.newBuilder(S3ArchiveSettings.from(settings)).build()) {
 *     store.append(ArchiveEntry.of(envelope, Instant.now()));   // compressed into the open batch; no I/O
 *     store.sync();                                              // its batch object is in S3 now
 * }
 * }</pre>
 *
 * <p><b>Batches and their names.</b> {@link #append} adds an entry to the open batch; the batch is sealed when it
 * holds {@code batch.max.entries} entries or the next one would pass {@code batch.max.bytes}, and by every
 * {@link #sync}. A sealed batch is frozen: its entries, bytes and object key never change, and its PUT starts at
 * once (at most {@code max.concurrent} in flight; the others wait in memory, none on the caller's thread). Its key
 * is derived from its entry keys only ({@link ObjectKeys}): {@code <prefix><first key>.jsonl.gz} for one entry,
 * {@code <prefix><first key>.<n>-<hash of all keys>.jsonl.gz} for more. So a retried PUT (after a time-out whose
 * first attempt landed, after a failed sync, after a restart that re-appends the same entries in the same order, as
 * a Kafka Streams task does from its last commit) writes the same object again, never a second one; with
 * {@code conditional.writes} it is not even overwritten ({@code If-None-Match: *}, a 412 counts as written). Only
 * entries re-appended in a different grouping after a restart (the de-duplication window forgotten) can land in a
 * second object: a duplicate, never a loss; readers keep the first entry per key, as for {@code FileArchiveStore}.
 * {@code batch.max.entries=1} makes it exact (one object per entry, named by its key), at one PUT per entry.
 *
 * <p><b>Durability.</b> {@link #sync} seals the open batch and returns only when every batch sealed before it
 * returned is in S3 (PUT answered 200, or 412). A failed PUT leaves its batch sealed; {@code sync} throws an
 * {@link S3ArchiveException} (classified by {@code S3Failures}, transient or permanent), and the next sync PUTs the
 * same batch again. Nothing appended is dropped until it is durable: until then it is held in memory, compressed, so
 * an outage holds what is appended meanwhile. A crash loses what was not synced, which the caller has not been told
 * is durable.
 *
 * <p><b>De-duplication.</b> {@link #append} skips a key that is in a batch not yet durable or among the
 * {@code dedupe.max.keys} keys appended most recently (in memory; empty after a restart). {@link #contains}
 * answers from the same window and, when {@code batch.max.entries=1}, asks S3 with a HEAD of the key's object, so
 * with one object per entry the window is the whole bucket.
 *
 * <p><b>Threads.</b> Thread-safe; one lock guards the batches and the window, and is never held during I/O.
 * {@code append} compresses on the caller's thread and never waits for S3: PUTs start on a daemon thread of the store's
 * ({@code s3-archive-<name>-put}, where the SDK signs and resolves credentials) and complete on the SDK's threads.
 * {@code sync}, {@code contains} (HEAD) and {@code close} block the caller up to their time-outs, as the contract
 * asks, like a file store's fsync.
 */
public final class S3ArchiveStore implements ArchiveStore {
    /** The meters' {@code type} tag. */
    public static final String TYPE = "s3-archive";

    private final S3ArchiveSettings settings;
    private final S3AsyncClient client;
    private final boolean ownsClient;
    private final Object lock = new Object();
    private final OpenBatch open = new OpenBatch();
    private final RecentKeys window;
    private final Set<String> unsynced = new HashSet<>();
    private final Uploads uploads;
    private boolean closed;

    private S3ArchiveStore(Builder b) {
        this.settings = b.settings;
        this.ownsClient = b.client == null;
        this.client = ownsClient ? ClientFactory.create(settings) : b.client;
        this.window = new RecentKeys(settings.dedupeMaxKeys());
        this.uploads = new Uploads(b.name, settings, client, b.meters != null ? b.meters : AdapterMeters.global(b.name, TYPE), lock,
                batch -> batch.keys.forEach(unsynced::remove));
    }

    /** A builder of a store with {@code settings}. */
    public static Builder newBuilder(S3ArchiveSettings settings) {
        return new Builder(settings);
    }

    /**
     * A client configured by {@code settings}, to share among several stores (one per partition) through
     * {@link Builder#client}; its owner closes it.
     *
     * @throws dev.orchestrators.core.errors.ConfigurationException when a configured secret cannot be read
     */
    public static S3AsyncClient newClient(S3ArchiveSettings settings) {
        return ClientFactory.create(settings);
    }

    /** The settings, whose secrets are references. */
    public S3ArchiveSettings settings() {
        return settings;
    }

    /**
     * @throws IllegalArgumentException when the envelope JSON is not one JSON object on one line, or the key is not
     *                                  well-formed Unicode (a lone surrogate): such an entry can never be stored
     * @throws IllegalStateException    when the store is closed
     */
    @Override
    public void append(ArchiveEntry entry) {
        Objects.requireNonNull(entry, "entry");
        ObjectKeys.encode(entry.key()); // refuses a key that cannot name an object, before anything is kept
        byte[] line = EntryLines.encode(entry);
        List<Batch> toStart;
        synchronized (lock) {
            ensureOpen();
            if (known(entry.key())) {
                return;
            }
            if (!open.isEmpty() && open.bytes() + line.length > settings.batchMaxBytes()) {
                seal();
            }
            open.add(entry.key(), line);
            unsynced.add(entry.key());
            window.add(entry.key());
            if (open.size() >= settings.batchMaxEntries() || open.bytes() >= settings.batchMaxBytes()) {
                seal();
            }
            toStart = uploads.startable();
        }
        uploads.start(toStart);
    }

    /**
     * @throws S3ArchiveException    when a batch could not be made durable (transient or permanent, see
     *                               {@link S3ArchiveException#isPermanent()}); every entry is kept for the next sync
     * @throws IllegalStateException when the store is closed
     */
    @Override
    public void sync() {
        synchronized (lock) {
            ensureOpen();
        }
        flush("sync");
    }

    /**
     * Whether {@code key} was appended within the de-duplication window; with {@code batch.max.entries=1}, also
     * whether its object is in S3.
     *
     * @throws S3ArchiveException when the HEAD of the key's object failed
     */
    @Override
    public boolean contains(String key) {
        synchronized (lock) {
            if (known(key)) {
                return true;
            }
        }
        if (settings.batchMaxEntries() != 1) {
            return false;
        }
        String objectKey;
        try {
            objectKey = ObjectKeys.batch(settings.prefix(), List.of(key));
        } catch (IllegalArgumentException notAKey) {
            return false; // no entry with such a key can have been stored
        }
        try {
            client.headObject(b -> b.bucket(settings.bucket()).key(objectKey))
                    .get(settings.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NoSuchKeyException || S3Failures.isNotFound(e.getCause())) {
                return false;
            }
            throw S3Failures.classify(e.getCause(), "HEAD of " + shorten(objectKey));
        } catch (TimeoutException e) {
            throw S3Failures.classify(e, "HEAD of " + shorten(objectKey));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArchiveException("interrupted while asking S3 for " + shorten(objectKey), e);
        }
    }

    /** Whether the bucket answers a HEAD with these credentials; never fails. */
    public CompletionStage<ToolHealth> checkHealth() {
        long started = System.nanoTime();
        try {
            return client.headBucket(b -> b.bucket(settings.bucket())).handle((ok, failure) -> failure == null
                    ? ToolHealth.up("bucket " + settings.bucket() + " answered", Duration.ofNanos(System.nanoTime() - started))
                    : ToolHealth.down(S3Failures.classify(S3Failures.unwrap(failure), "HEAD of bucket " + settings.bucket()),
                    Duration.ofNanos(System.nanoTime() - started)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ToolHealth.down(e, Duration.ofNanos(System.nanoTime() - started)));
        }
    }

    /**
     * Makes what was appended durable, refuses further appends, and closes the client when the store made it;
     * idempotent.
     *
     * @throws S3ArchiveException when the last entries could not be made durable (the message says how many)
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            flush("close");
        } finally {
            if (ownsClient) {
                client.close();
            }
        }
    }

    /** Entries appended and not yet durable. */
    public int pendingEntries() {
        synchronized (lock) {
            return unsynced.size();
        }
    }

    @Override
    public String toString() {
        return "S3ArchiveStore[s3://" + settings.bucket() + "/" + settings.prefix() + settings.endpoint().map(e -> " at " + e).orElse("")
                + ", " + pendingEntries() + " entries pending]";
    }

    /** Observes the threads each PUT starts and completes on (for tests). */
    void onPutCompleted(Consumer<Thread> observer) {
        uploads.onPutCompleted(observer);
    }

    private void flush(String action) {
        List<Durability.Wait> waits;
        List<Batch> toStart;
        synchronized (lock) {
            if (!open.isEmpty()) {
                seal();
            }
            waits = uploads.retryFailedAndWaits();
            toStart = uploads.startable();
        }
        uploads.start(toStart);
        Durability.await(waits, settings, action);
    }

    private boolean known(String key) {
        return unsynced.contains(key) || window.contains(key);
    }

    /** Seals the open batch and queues its PUT; the caller holds the lock. */
    private void seal() {
        uploads.add(open.seal(settings.prefix()));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("S3 archive store s3://" + settings.bucket() + "/" + settings.prefix() + " is closed");
        }
    }

    /** {@code text}, cut to 120 characters for a message. */
    static String shorten(String text) {
        return text.length() <= 120 ? text : text.substring(0, 100) + "...(" + text.length() + " chars)";
    }

    /** Builder. {@link #client} and {@link #meters} are optional. Not thread-safe. */
    public static final class Builder {
        private final S3ArchiveSettings settings;
        private S3AsyncClient client;
        private AdapterMeters meters;
        private String name = "archive";

        private Builder(S3ArchiveSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** A client to write through, shared and closed by its owner; default: one made from the settings, owned. */
        public Builder client(S3AsyncClient value) {
            this.client = Objects.requireNonNull(value, "client");
            return this;
        }

        /** Where the meters go; default: {@link AdapterMeters#global} tagged {@code tool=<name>}, {@code type=s3-archive}. */
        public Builder meters(AdapterMeters value) {
            this.meters = Objects.requireNonNull(value, "meters");
            return this;
        }

        /** The {@code tool} tag of the default meters (default {@code archive}); one per store in one registry. */
        public Builder name(String value) {
            this.name = Objects.requireNonNull(value, "name");
            return this;
        }

        /**
         * @throws dev.orchestrators.core.errors.ConfigurationException when a configured secret cannot be read
         */
        public S3ArchiveStore build() {
            return new S3ArchiveStore(this);
        }
    }
}
