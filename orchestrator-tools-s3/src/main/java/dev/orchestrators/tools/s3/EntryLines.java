package dev.orchestrators.tools.s3;

import dev.orchestrators.core.kinds.archiver.ArchiveEntry;
import dev.orchestrators.core.kinds.archiver.ArchiveLines;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The entries of a batch object: gzip-compressed archive lines ({@link ArchiveLines}), the same as
 * {@code FileArchiveStore}'s segments, so one reader serves both. Stateless and thread-safe.
 */
final class EntryLines {

    private EntryLines() {
    }

    /**
     * The line of {@code entry}.
     *
     * @throws IllegalArgumentException when the envelope JSON is not one JSON object on one line
     */
    static byte[] encode(ArchiveEntry entry) {
        return ArchiveLines.encode(entry);
    }

    /**
     * Every entry in a gzip-compressed batch object.
     *
     * @throws IOException when the object is not a batch this store wrote
     */
    static List<ArchiveEntry> decodeBatch(byte[] gzipped) throws IOException {
        List<ArchiveEntry> entries = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            byte[] all = in.readAllBytes();
            int start = 0;
            for (int i = 0; i < all.length; i++) {
                if (all[i] == '\n') {
                    entries.add(ArchiveLines.decode(Arrays.copyOfRange(all, start, i)));
                    start = i + 1;
                }
            }
        }
        return entries;
    }
}
