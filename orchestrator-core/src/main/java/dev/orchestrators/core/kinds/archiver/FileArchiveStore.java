package dev.orchestrators.core.kinds.archiver;

import dev.orchestrators.core.errors.ConfigurationException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An {@link ArchiveStore} in a local directory: rolling, gzip-compressed JSON Lines segments named
 * {@code archive-<yyyyMMdd-HHmmss>-<seq>.jsonl.gz}, one line per entry:
 * {@code {"key":..., "run_id":..., "flow":..., "archived_at":..., "envelope": <the envelope JSON as given>}}.
 *
 * <pre>{@code
 * try (FileArchiveStore store = FileArchiveStore.newBuilder(Path.of("/var/lib/orchestrators/archive"))
 *         .maxSegmentBytes(64L << 20).maxSegmentAge(Duration.ofHours(1)).build()) {
 *     store.append(ArchiveEntry.of(envelope, Instant.now()));
 *     store.sync();                                   // durable now
 * }
 * }</pre>
 *
 * <p><b>Durability.</b> {@link #sync} flushes the compressor with SYNC_FLUSH and forces the file to disk.
 * A segment is rolled when it holds {@link Builder#maxSegmentBytes} uncompressed bytes or is older than
 * {@link Builder#maxSegmentAge} (checked on append): its gzip member is finished, the file forced and closed,
 * and the directory synced. Entries appended since the last successful sync are kept in memory; when a write
 * or sync fails, the segment is abandoned and they are written again, to a new segment, by the next append or
 * sync. In that case a key may appear twice on disk (readers should keep its first entry); it is not lost.
 *
 * <p><b>Crashes.</b> A file is never appended to after it was closed or after the store was reopened: each
 * open starts a new segment. On open, the keys of the newest {@link Builder#dedupeSegments} segments are read
 * into the de-duplication window; a segment cut short by a crash (a gzip member without its trailer, a
 * partial last line) is read up to the damage, which is logged as a warning. A reader of a live archive
 * ({@link #readAll}) sees the segment being written the same way, as the newest one: it reads the lines synced
 * so far and reports nothing.
 *
 * <p><b>De-duplication window.</b> The keys of the segment being written and of the newest
 * {@code dedupeSegments} segments before it. An entry whose key is older than that is archived again.
 *
 * <p>Thread-safe: one lock serialises writers, so concurrent syncs share one force of the file. One store
 * per directory: two stores (or processes) writing to the same directory never overwrite each other's
 * segments, but neither sees the other's keys.
 */
public final class FileArchiveStore implements ArchiveStore {
    /** Default {@link Builder#maxSegmentBytes}: 64 MiB uncompressed. */
    public static final long DEFAULT_MAX_SEGMENT_BYTES = 64L * 1024 * 1024;
    /** Default {@link Builder#maxSegmentAge}: one hour. */
    public static final Duration DEFAULT_MAX_SEGMENT_AGE = Duration.ofHours(1);
    /** Default {@link Builder#dedupeSegments}: four. */
    public static final int DEFAULT_DEDUPE_SEGMENTS = 4;

    private final Path dir;
    private final long maxSegmentBytes;
    private final Duration maxSegmentAge;
    private final Clock clock;
    private final KeyWindow window;
    private final Map<String, byte[]> pending = new LinkedHashMap<>();
    private Segment current;
    private long nextSequence;
    private boolean closed;

    private FileArchiveStore(Builder b) throws IOException {
        this.dir = b.dir;
        this.maxSegmentBytes = b.maxSegmentBytes;
        this.maxSegmentAge = b.maxSegmentAge;
        this.clock = b.clock;
        this.window = new KeyWindow(b.dedupeSegments);
        Files.createDirectories(dir);
        List<Path> segments = SegmentFiles.list(dir);
        nextSequence = segments.isEmpty() ? 1 : SegmentFiles.sequence(segments.get(segments.size() - 1)) + 1;
        for (Path segment : segments.subList(Math.max(0, segments.size() - b.dedupeSegments), segments.size())) {
            Set<String> keys = new HashSet<>();
            // no store writes here while this one opens: a segment that ends early was cut short by a crash
            SegmentFiles.forEachLine(segment, false, line -> keys.add(ArchiveLines.key(line)));
            window.addFinished(keys);
        }
    }

    /** A builder for a store in {@code dir}, which {@link Builder#build} creates if needed. */
    public static Builder newBuilder(Path dir) {
        return new Builder(dir);
    }

    /**
     * Every entry in the segments of {@code dir}, oldest segment first, each segment read up to any damage a
     * crash left. The newest segment may be open (a store is writing it): its entries synced so far are read, and
     * its missing end is no damage. Loads them all into memory: for inspection, restores and tests.
     *
     * @throws ArchiveException when the directory cannot be listed
     */
    public static List<ArchiveEntry> readAll(Path dir) {
        List<ArchiveEntry> entries = new ArrayList<>();
        try {
            List<Path> segments = SegmentFiles.list(dir);
            for (int i = 0; i < segments.size(); i++) {
                boolean newest = i == segments.size() - 1;
                SegmentFiles.forEachLine(segments.get(i), newest, line -> entries.add(ArchiveLines.decode(line)));
            }
        } catch (IOException e) {
            throw new ArchiveException("archive directory " + dir + " cannot be listed", e);
        }
        return entries;
    }

    /** The directory the segments are in. */
    public Path directory() {
        return dir;
    }

    @Override
    public synchronized void append(ArchiveEntry entry) {
        Objects.requireNonNull(entry, "entry");
        ensureOpen();
        if (known(entry.key())) {
            return;
        }
        byte[] line = ArchiveLines.encode(entry);
        try {
            if (current != null && aged()) {
                roll();
            }
            pending.put(entry.key(), line);
            window.add(entry.key());
            if (current == null) {
                openSegment(); // writes every pending line, this one included
            } else {
                current.write(line);
            }
            if (current.bytes() >= maxSegmentBytes) {
                roll();
            }
        } catch (IOException e) {
            throw failed("append of " + entry.key(), e);
        }
    }

    @Override
    public synchronized void sync() {
        ensureOpen();
        if (pending.isEmpty()) {
            return;
        }
        try {
            if (current == null) {
                openSegment();
            }
            current.sync();
            pending.clear();
        } catch (IOException e) {
            throw failed("sync", e);
        }
    }

    @Override
    public synchronized boolean contains(String key) {
        return known(key);
    }

    /** Finishes the current segment (its entries become durable) and refuses further writes; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (current == null && !pending.isEmpty()) {
                openSegment();
            }
            if (current != null) {
                roll();
            }
        } catch (IOException e) {
            throw failed("close, losing " + pending.size() + " entries not yet synced", e);
        }
    }

    private boolean known(String key) {
        return pending.containsKey(key) || window.contains(key);
    }

    private boolean aged() {
        return Duration.between(current.openedAt(), clock.instant()).compareTo(maxSegmentAge) >= 0;
    }

    /** Starts a new segment and writes the pending lines (those not yet durable) into it. */
    private void openSegment() throws IOException {
        Instant now = clock.instant();
        Segment segment = null;
        while (segment == null) {
            try {
                segment = Segment.create(dir.resolve(SegmentFiles.name(now, nextSequence++)), now);
            } catch (FileAlreadyExistsException taken) {
                // another store wrote into this directory since we listed it; take the next number
            }
        }
        SegmentFiles.fsyncDirectory(dir);
        try {
            for (byte[] line : pending.values()) {
                segment.write(line);
            }
        } catch (IOException e) {
            segment.discard();
            throw e;
        }
        current = segment;
    }

    /** Finishes the current segment; its lines, the pending ones included, are durable after it. */
    private void roll() throws IOException {
        current.finish();
        current = null;
        SegmentFiles.fsyncDirectory(dir);
        pending.clear();
        window.nextSegment(Set.of());
    }

    /** Abandons the current segment; its pending lines go to the next one. */
    private ArchiveException failed(String action, IOException cause) {
        if (current != null) {
            current.abandon();
            current = null;
            window.nextSegment(pending.keySet());
        }
        return new ArchiveException("archive " + action + " failed in " + dir + ": " + cause.getMessage(), cause);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("archive store " + dir + " is closed");
        }
    }

    /** Builder; each setter rejects a bad value at once, naming it. Not thread-safe. */
    public static final class Builder {
        private final Path dir;
        private long maxSegmentBytes = DEFAULT_MAX_SEGMENT_BYTES;
        private Duration maxSegmentAge = DEFAULT_MAX_SEGMENT_AGE;
        private int dedupeSegments = DEFAULT_DEDUPE_SEGMENTS;
        private Clock clock = Clock.systemUTC();

        private Builder(Path dir) {
            this.dir = Objects.requireNonNull(dir, "dir");
        }

        /**
         * Roll a segment once it holds this many uncompressed bytes (default 64 MiB).
         *
         * @throws ConfigurationException when {@code bytes} is not positive
         */
        public Builder maxSegmentBytes(long bytes) {
            if (bytes <= 0) {
                throw new ConfigurationException("archive maxSegmentBytes must be > 0, was " + bytes);
            }
            this.maxSegmentBytes = bytes;
            return this;
        }

        /**
         * Roll a segment once it is this old, checked on append (default one hour).
         *
         * @throws ConfigurationException when {@code age} is not positive
         */
        public Builder maxSegmentAge(Duration age) {
            Objects.requireNonNull(age, "age");
            if (age.isZero() || age.isNegative()) {
                throw new ConfigurationException("archive maxSegmentAge must be > 0, was " + age);
            }
            this.maxSegmentAge = age;
            return this;
        }

        /**
         * How many finished segments' keys de-duplicate appends, besides the current segment's (default 4).
         *
         * @throws ConfigurationException when {@code segments} is negative
         */
        public Builder dedupeSegments(int segments) {
            if (segments < 0) {
                throw new ConfigurationException("archive dedupeSegments must be >= 0, was " + segments);
            }
            this.dedupeSegments = segments;
            return this;
        }

        /** The clock for segment names, ages and nothing else; inject one in tests. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Creates the directory if needed and reads the keys of its newest segments.
         *
         * @throws ConfigurationException when the directory cannot be created or listed
         */
        public FileArchiveStore build() {
            try {
                return new FileArchiveStore(this);
            } catch (IOException e) {
                throw new ConfigurationException("archive directory " + dir + " cannot be created or read: " + e, e);
            }
        }
    }
}
