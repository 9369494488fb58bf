package dev.orchestrators.core.kinds.archiver;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;

/**
 * The segment a {@link FileArchiveStore} is writing: one gzip member of JSON Lines in a file created for it.
 * {@link #sync} flushes the compressor with SYNC_FLUSH and forces the file, so every line synced can be
 * read back even if the process dies before {@link #finish} writes the gzip trailer. Not thread-safe: the
 * store's lock guards it.
 */
final class Segment {
    private static final int BUFFER = 64 * 1024;

    private final Path file;
    private final Instant openedAt;
    private final FileChannel channel;
    private final GZIPOutputStream gzip;
    private long bytes;

    private Segment(Path file, Instant openedAt, FileChannel channel, GZIPOutputStream gzip) {
        this.file = file;
        this.openedAt = openedAt;
        this.channel = channel;
        this.gzip = gzip;
    }

    /** Creates {@code file}, which must not exist: an archive never appends to a file it did not create. */
    static Segment create(Path file, Instant openedAt) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            return new Segment(file, openedAt, channel, new GZIPOutputStream(Channels.newOutputStream(channel), BUFFER, true));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    Path file() {
        return file;
    }

    Instant openedAt() {
        return openedAt;
    }

    /** Uncompressed bytes written so far. */
    long bytes() {
        return bytes;
    }

    void write(byte[] line) throws IOException {
        gzip.write(line);
        bytes += line.length;
    }

    void sync() throws IOException {
        gzip.flush();
        channel.force(true);
    }

    /** Writes the gzip trailer, forces the file and closes it. */
    void finish() throws IOException {
        gzip.finish();
        channel.force(true);
        gzip.close();
    }

    /** Closes the file after a failure, keeping what reached it; a damaged tail is skipped when read. */
    void abandon() {
        try {
            channel.close();
        } catch (IOException | RuntimeException ignored) {
            // already failed; the store has reported the failure that brought it here
        }
    }

    /** Removes a segment that never held a durable line. */
    void discard() {
        abandon();
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover without durable lines is harmless: its lines are written again elsewhere
        }
    }
}
