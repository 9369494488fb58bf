package dev.orchestrators.tools.s3;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The de-duplication window: the {@code capacity} keys appended most recently, oldest forgotten first. Not
 * thread-safe: the store's lock guards it.
 */
final class RecentKeys {
    private final int capacity;
    private final LinkedHashSet<String> keys = new LinkedHashSet<>();

    RecentKeys(int capacity) {
        this.capacity = capacity;
    }

    boolean contains(String key) {
        return keys.contains(key);
    }

    void add(String key) {
        if (capacity == 0 || !keys.add(key)) {
            return;
        }
        if (keys.size() > capacity) {
            Iterator<String> oldest = keys.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    int size() {
        return keys.size();
    }
}
