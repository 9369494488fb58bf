package dev.orchestrators.core.kinds.archiver;

import java.io.ByteArrayOutputStream;
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
 * read line by line, tolerating the damage a crash leaves behind.
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

    /**
     * Hands every complete line of {@code file} to {@code consumer}, in order. Reading stops at the first
     * damage (a gzip member cut short by a crash, a partial last line, a line that cannot be read), which is
     * logged; what came before it is kept.
     *
     * @return whether the whole file was read
     */
    static boolean forEachLine(Path file, LineConsumer consumer) {
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
                throw new IOException("the last line has no end");
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("archive segment {} is damaged after {} complete lines ({}); reading of it stops there",
                    file, lines, e.toString());
            return false;
        }
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
