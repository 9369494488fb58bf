package dev.orchestrators.core.kinds.archiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.kinds.archiver.SegmentFiles.Ending;
import dev.orchestrators.core.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a segment tells one still being written from one a crash cut short and from damaged bytes. */
class SegmentFilesTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();

    private Ending read(Path segment, boolean mayBeOpen) {
        return SegmentFiles.forEachLine(segment, mayBeOpen, line -> lines.add(new String(line, StandardCharsets.UTF_8)));
    }

    private static ArchiveEntry entry(String runId) {
        String json = "{\"metadata\":{\"run_id\":\"" + runId + "\",\"status\":\"OK\"},\"records\":[]}";
        return new ArchiveEntry(runId + "/lead_sync", runId, "lead_sync", T0, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A segment file whose compressed lines were flushed as a writer syncs them, without the gzip trailer. */
    private Path unfinishedSegment(String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GZIPOutputStream gzip = new GZIPOutputStream(bytes, true);
        gzip.write(content.getBytes(StandardCharsets.UTF_8));
        gzip.flush();
        Path file = dir.resolve(SegmentFiles.name(T0, 1));
        Files.write(file, bytes.toByteArray());
        return file;
    }

    @Test
    void shouldReadTheSegmentAStoreIsWritingAsOpenUpToItsLastSync() {
        // given a store that synced nine entries and is still writing their segment
        try (FileArchiveStore store = FileArchiveStore.newBuilder(dir).clock(new ManualClock(T0)).build()) {
            for (int i = 0; i < 9; i++) {
                store.append(entry("run-" + i));
            }
            store.sync();
            Path segment = dir.resolve(SegmentFiles.name(T0, 1));

            // when a reader of the live archive reads it as the newest segment
            Ending ending = read(segment, true);

            // then it is open, not damaged, and every synced line was read
            assertThat(ending).isEqualTo(Ending.OPEN);
            assertThat(lines).hasSize(9);
            assertThat(FileArchiveStore.readAll(dir)).hasSize(9);
        }
    }

    @Test
    void shouldReadAnOpenSegmentWhoseLastLineIsOnlyPartlyFlushedUpToItsLastCompleteLine() throws IOException {
        // given the newest segment, its third line only partly out of the compressor
        Path segment = unfinishedSegment("{\"key\":\"a\"}\n{\"key\":\"b\"}\n{\"key\":");

        // when
        Ending ending = read(segment, true);

        // then
        assertThat(ending).isEqualTo(Ending.OPEN);
        assertThat(lines).containsExactly("{\"key\":\"a\"}", "{\"key\":\"b\"}");
    }

    @Test
    void shouldReportASegmentNoStoreWritesThatEndsInATornLineAsCutShort() throws IOException {
        // given the same bytes in a segment no store writes any more (a store opening its directory reads it)
        Path segment = unfinishedSegment("{\"key\":\"a\"}\n{\"key\":\"b\"}\n{\"key\":");

        // when
        Ending ending = read(segment, false);

        // then
        assertThat(ending).isEqualTo(Ending.CUT_SHORT);
        assertThat(lines).hasSize(2);
    }

    @Test
    void shouldReportCorruptBytesAsDamagedEvenInTheNewestSegment() throws IOException {
        // given a finished segment whose gzip trailer no longer matches its lines
        try (FileArchiveStore store = FileArchiveStore.newBuilder(dir).clock(new ManualClock(T0)).build()) {
            store.append(entry("run-1"));
        }
        Path segment = dir.resolve(SegmentFiles.name(T0, 1));
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 8] ^= 0x5a; // the CRC-32 of the member
        Files.write(segment, bytes);

        // when
        Ending ending = read(segment, true);

        // then
        assertThat(ending).isEqualTo(Ending.DAMAGED);
    }

    @Test
    void shouldReadAFinishedSegmentWhole() {
        // given
        try (FileArchiveStore store = FileArchiveStore.newBuilder(dir).clock(new ManualClock(T0)).build()) {
            store.append(entry("run-1"));
            store.append(entry("run-2"));
        }

        // when
        Ending ending = read(dir.resolve(SegmentFiles.name(T0, 1)), true);

        // then
        assertThat(ending).isEqualTo(Ending.WHOLE);
        assertThat(lines).hasSize(2);
    }
}
