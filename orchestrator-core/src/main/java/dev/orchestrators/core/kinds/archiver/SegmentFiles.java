package dev.orchestrators.core.kinds.archiver;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment files of a {@link FileArchiveStore} directory: {@code archive-<yyyyMMdd-HHmmss>-<seq>.jsonl.gz},
 * ordered by their sequence number (not their time stamp, which follows a clock that may step back), and
 * read line by line, telling a segment still being written (open: it ends without its gzip trailer, after the
 * lines synced so far) from one a crash cut short or whose bytes are damaged.
 */
final class SegmentFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentFiles.class);
    private static final Pattern NAME = Pattern.compile("archive-(\\d{8}-\\d{6})-(\\d+)\\.jsonl\\.gz");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int BUFFER = 64 * 1024;

    private SegmentFiles() {
    }

    /** Receives one line, without its newline. */
    @FunctionalInterface
    interface LineConsumer {
        void accept(byte[] line) throws IOException;
    }

    static String name(Instant openedAt, long sequence) {
        return String.format("archive-%s-%06d.jsonl.gz", STAMP.format(openedAt), sequence);
    }

    /** The sequence number of a segment file, or -1 for a file that is not a segment. */
    static long sequence(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(2)) : -1;
    }

    /** The segments in {@code dir}, oldest (lowest sequence) first. */
    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> sequence(f) >= 0).sorted(Comparator.comparingLong(SegmentFiles::sequence)).toList();
        }
    }

    /** How the reading of a segment ended. */
    enum Ending {
        /** Every line was read, up to the gzip trailer. */
        WHOLE,
        /**
         * The file ends after complete lines, without its gzip trailer or in the middle of a line, and it may be the
         * segment a store is writing: what was synced so far was read, and nothing is wrong.
         */
        OPEN,
        /** The file ends as {@link #OPEN}, but no store writes it any more: a crash cut it short. */
        CUT_SHORT,
        /** The bytes cannot be read (corrupt compressed data, a bad trailer, a line that is no entry). */
        DAMAGED
    }

    /**
     * Hands every complete line of {@code file} to {@code consumer}, in order, and says how reading ended. A file that
     * simply ends early (no gzip trailer, a partial last line) is {@link Ending#OPEN} when {@code mayBeOpen} (the
     * newest segment of a directory a store may be writing: logged at DEBUG), else {@link Ending#CUT_SHORT} (logged
     * as a warning); bytes that cannot be read are {@link Ending#DAMAGED} (a warning). Reading stops there; what
     * came before is kept.
     */
    static Ending forEachLine(Path file, boolean mayBeOpen, LineConsumer consumer) {
        int lines = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), BUFFER)) {
            byte[] buffer = new byte[BUFFER];
            ByteArrayOutputStream partial = new ByteArrayOutputStream();
            int n;
            while ((n = in.read(buffer)) != -1) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        partial.write(buffer, start, i - start);
                        consumer.accept(partial.toByteArray());
                        lines++;
                        partial.reset();
                        start = i + 1;
                    }
                }
                partial.write(buffer, start, n - start);
            }
            if (partial.size() > 0) {
                return endedEarly(file, mayBeOpen, lines, "the last line has no end");
            }
            return Ending.WHOLE;
        } catch (EOFException e) {
            return endedEarly(file, mayBeOpen, lines, "the compressed data ends before its gzip trailer");
        } catch (IOException | RuntimeException e) {
            LOG.warn("archive segment {} is damaged after {} complete lines ({}); reading of it stops there",
                    file, lines, e.toString());
            return Ending.DAMAGED;
        }
    }

    private static Ending endedEarly(Path file, boolean mayBeOpen, int lines, String how) {
        if (mayBeOpen) {
            LOG.debug("archive segment {} is open ({}): read the {} lines synced so far", file, how, lines);
            return Ending.OPEN;
        }
        LOG.warn("archive segment {} was cut short after {} complete lines ({}), as a crash leaves a segment; "
                + "reading of it stops there", file, lines, how);
        return Ending.CUT_SHORT;
    }

    /**
     * Makes the directory's entries (a new or finished segment) durable. Some platforms cannot open a
     * directory for that; there the file system's own ordering has to do.
     */
    static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("directory {} cannot be synced on this platform: {}", dir, e.toString());
        }
    }
}
