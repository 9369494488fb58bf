package dev.orchestrators.core.kinds.archiver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link ArchiveStore} in memory, for tests: it records what was appended and what was made durable,
 * never forgets a key, and can be scripted to fail ({@link #failNextAppends}, {@link #failNextSyncs}) so a
 * test can watch the {@link Archiver} retry. Thread-safe.
 */
public final class InMemoryArchiveStore implements ArchiveStore {
    private final Map<String, ArchiveEntry> appended = new LinkedHashMap<>();
    private int durableCount;
    private int failAppends;
    private int failSyncs;
    private int appendCalls;
    private int syncCalls;
    private boolean closed;

    /**
     * The next {@code times} appends throw {@link ArchiveException} and store nothing.
     *
     * @throws IllegalArgumentException when {@code times} is negative
     */
    public synchronized InMemoryArchiveStore failNextAppends(int times) {
        failAppends += requireNonNegative(times);
        return this;
    }

    /**
     * The next {@code times} syncs throw {@link ArchiveException}; the entries stay appended, not durable.
     *
     * @throws IllegalArgumentException when {@code times} is negative
     */
    public synchronized InMemoryArchiveStore failNextSyncs(int times) {
        failSyncs += requireNonNegative(times);
        return this;
    }

    /**
     * @throws IllegalArgumentException when the entry's JSON is not one object on one line, as a real store refuses it
     */
    @Override
    public synchronized void append(ArchiveEntry entry) {
        Objects.requireNonNull(entry, "entry");
        ensureOpen();
        ArchiveLines.requireOneObjectOnOneLine(entry.key(), entry.envelopeJson());
        appendCalls++;
        if (failAppends > 0) {
            failAppends--;
            throw new ArchiveException("scripted failure of the append of " + entry.key());
        }
        appended.putIfAbsent(entry.key(), entry);
    }

    @Override
    public synchronized void sync() {
        ensureOpen();
        syncCalls++;
        if (failSyncs > 0) {
            failSyncs--;
            throw new ArchiveException("scripted failure of a sync with " + (appended.size() - durableCount) + " entries pending");
        }
        durableCount = appended.size();
    }

    @Override
    public synchronized boolean contains(String key) {
        return appended.containsKey(key);
    }

    /** Every entry appended (skipped duplicates aside), in order, durable or not. */
    public synchronized List<ArchiveEntry> entries() {
        return List.copyOf(appended.values());
    }

    /** The entries a successful sync has made durable, in order. */
    public synchronized List<ArchiveEntry> durableEntries() {
        return List.copyOf(new ArrayList<>(appended.values()).subList(0, durableCount));
    }

    /** How often {@link #append} was called, failures and skipped duplicates included. */
    public synchronized int appendCalls() {
        return appendCalls;
    }

    /** How often {@link #sync} was called, failures included. */
    public synchronized int syncCalls() {
        return syncCalls;
    }

    /** Makes every appended entry durable, as a real store's close does, and refuses further writes; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            durableCount = appended.size();
            closed = true;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the in-memory archive store is closed");
        }
    }

    private static int requireNonNegative(int times) {
        if (times < 0) {
            throw new IllegalArgumentException("times must be >= 0, was " + times);
        }
        return times;
    }
}
