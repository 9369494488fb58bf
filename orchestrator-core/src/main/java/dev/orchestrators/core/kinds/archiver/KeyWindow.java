package dev.orchestrators.core.kinds.archiver;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * The keys a {@link FileArchiveStore} de-duplicates by: those of the segment being written and of the newest
 * {@code finishedSegments} segments before it. Not thread-safe: the store's lock guards it.
 */
final class KeyWindow {
    private final int finishedSegments;
    private final Deque<Set<String>> finished = new ArrayDeque<>();
    private Set<String> current = new HashSet<>();

    KeyWindow(int finishedSegments) {
        this.finishedSegments = finishedSegments;
    }

    boolean contains(String key) {
        if (current.contains(key)) {
            return true;
        }
        for (Set<String> keys : finished) {
            if (keys.contains(key)) {
                return true;
            }
        }
        return false;
    }

    void add(String key) {
        current.add(key);
    }

    /** The keys of a segment written before this store was opened, oldest first. */
    void addFinished(Set<String> keys) {
        finished.addFirst(keys);
        while (finished.size() > finishedSegments) {
            finished.removeLast();
        }
    }

    /** The current segment is finished (or abandoned); the next one starts with {@code carried} keys. */
    void nextSegment(Set<String> carried) {
        addFinished(current);
        current = new HashSet<>(carried);
    }
}
