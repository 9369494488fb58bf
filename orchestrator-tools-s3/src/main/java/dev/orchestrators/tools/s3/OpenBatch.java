package dev.orchestrators.tools.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The batch entries are appended to until it is sealed: their keys, and their lines compressed as they come (so
 * only the compressed form is held). Not thread-safe: the store's lock guards it.
 */
final class OpenBatch {
    private final List<String> keys = new ArrayList<>();
    private ByteArrayOutputStream buffer;
    private GZIPOutputStream gzip;
    private long bytes;

    boolean isEmpty() {
        return keys.isEmpty();
    }

    int size() {
        return keys.size();
    }

    /** Uncompressed bytes so far. */
    long bytes() {
        return bytes;
    }

    void add(String key, byte[] line) {
        try {
            if (gzip == null) {
                buffer = new ByteArrayOutputStream(Math.max(1024, line.length / 2));
                gzip = new GZIPOutputStream(buffer, 8192);
            }
            gzip.write(line);
        } catch (IOException e) {
            throw new UncheckedIOException("compressing into memory failed", e); // cannot happen: no I/O
        }
        keys.add(key);
        bytes += line.length;
    }

    /** The sealed batch of what was added, named under {@code prefix}; this batch starts empty again. */
    Batch seal(String prefix) {
        try {
            gzip.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("compressing into memory failed", e);
        }
        Batch batch = new Batch(ObjectKeys.batch(prefix, keys), keys, buffer.toByteArray());
        keys.clear();
        buffer = null;
        gzip = null;
        bytes = 0;
        return batch;
    }
}
