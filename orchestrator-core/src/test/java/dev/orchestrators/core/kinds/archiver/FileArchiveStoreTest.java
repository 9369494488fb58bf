package dev.orchestrators.core.kinds.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.testing.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rolling, gzip-compressed JSON Lines in a directory: durable, de-duplicated, crash-tolerant. */
class FileArchiveStoreTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);

    private FileArchiveStore.Builder store() {
        return FileArchiveStore.newBuilder(dir).clock(clock);
    }

    private static ArchiveEntry entry(String runId) {
        String json = "{\"metadata\":{\"run_id\":\"" + runId + "\",\"status\":\"OK\"},\"records\":[]}";
        return new ArchiveEntry(runId + "/lead_sync", runId, "lead_sync", T0, json.getBytes(StandardCharsets.UTF_8));
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void shouldReadBackWhatWasAppendedAndSyncedAfterTheStoreIsClosed() {
        // given
        try (FileArchiveStore store = store().build()) {
            store.append(entry("run-1"));
            store.append(entry("run-2"));
            store.sync();
        }

        // when
        List<ArchiveEntry> read = FileArchiveStore.readAll(dir);

        // then
        assertThat(read).containsExactly(entry("run-1"), entry("run-2"));
    }

    @Test
    void shouldReadBackSyncedEntriesOfASegmentThatWasNeverFinished() {
        // given a store that syncs and then dies without closing (no gzip trailer)
        FileArchiveStore store = store().build();
        store.append(entry("run-1"));
        store.sync();

        // when
        List<ArchiveEntry> read = FileArchiveStore.readAll(dir);

        // then
        assertThat(read).containsExactly(entry("run-1"));
    }

    @Test
    void shouldWriteTheDocumentedLineWithTheEnvelopeBytesSplicedInAsGiven() throws IOException {
        // given an envelope whose formatting a re-encoding would change
        byte[] json = "{\"metadata\" : {\"amount\":1.50,\"name\":\"Zoë\"},  \"records\":[ ]}".getBytes(StandardCharsets.UTF_8);
        ArchiveEntry entry = new ArchiveEntry("run-1/lead_sync", "run-1", "lead_sync", T0, json);

        // when
        try (FileArchiveStore store = store().build()) {
            store.append(entry);
        }

        // then
        assertThat(segments()).singleElement().satisfies(f -> assertThat(f.getFileName().toString())
                .matches("archive-20240501-100000-\\d{6}\\.jsonl\\.gz"));
        String line = new String(gunzip(segments().get(0)), StandardCharsets.UTF_8);
        assertThat(line).isEqualTo("{\"key\":\"run-1/lead_sync\",\"run_id\":\"run-1\",\"flow\":\"lead_sync\","
                + "\"archived_at\":\"2024-05-01T10:00:00Z\",\"envelope\":" + new String(json, StandardCharsets.UTF_8) + "}\n");
        assertThat(FileArchiveStore.readAll(dir).get(0).envelopeJson()).isEqualTo(json);
    }

    @Test
    void shouldSkipAnEntryWhoseKeyWasArchivedAlreadyAlsoAfterReopening() {
        // given
        try (FileArchiveStore store = store().build()) {
            store.append(entry("run-1"));
            store.append(entry("run-1"));
            store.sync();
        }

        // when
        try (FileArchiveStore reopened = store().build()) {
            assertThat(reopened.contains("run-1/lead_sync")).isTrue();
            reopened.append(entry("run-1"));
            reopened.append(entry("run-2"));
        }

        // then
        assertThat(FileArchiveStore.readAll(dir)).extracting(ArchiveEntry::key)
                .containsExactly("run-1/lead_sync", "run-2/lead_sync");
    }

    @Test
    void shouldStartANewSegmentOnOpenAndNeverTouchAnExistingOne() throws IOException {
        // given
        try (FileArchiveStore store = store().build()) {
            store.append(entry("run-1"));
        }
        Path first = segments().get(0);
        byte[] before = Files.readAllBytes(first);

        // when
        try (FileArchiveStore store = store().build()) {
            store.append(entry("run-2"));
        }

        // then
        assertThat(segments()).hasSize(2).startsWith(first);
        assertThat(Files.readAllBytes(first)).isEqualTo(before);
    }

    @Test
    void shouldRollBySizeIntoSeveralCompleteGzipFiles() throws IOException {
        // given segments of at most ~two lines
        int lineBytes = ArchiveLines.encode(entry("run-0")).length;

        // when
        try (FileArchiveStore store = store().maxSegmentBytes(2L * lineBytes).build()) {
            for (int i = 0; i < 5; i++) {
                store.append(entry("run-" + i));
            }
            store.sync();
        }

        // then
        assertThat(segments()).hasSize(3);
        for (Path segment : segments()) {
            assertThat(new String(gunzip(segment), StandardCharsets.UTF_8)).endsWith("}\n");
        }
        assertThat(FileArchiveStore.readAll(dir)).extracting(ArchiveEntry::runId)
                .containsExactly("run-0", "run-1", "run-2", "run-3", "run-4");
    }

    @Test
    void shouldRollASegmentOnceItIsOlderThanTheMaximumAge() throws IOException {
        // given
        try (FileArchiveStore store = store().maxSegmentAge(Duration.ofMinutes(10)).build()) {
            store.append(entry("run-1"));

            // when
            clock.advance(Duration.ofMinutes(10));
            store.append(entry("run-2"));
        }

        // then
        assertThat(segments()).extracting(p -> p.getFileName().toString().substring(0, 23))
                .containsExactly("archive-20240501-100000", "archive-20240501-101000");
    }

    @Test
    void shouldReadASegmentCutShortByACrashUpToTheDamageWhenOpening() throws IOException {
        // given a segment of 50 synced entries, cut in half as a crash in mid-write would leave it
        try (FileArchiveStore store = store().build()) {
            for (int i = 0; i < 50; i++) {
                store.append(entry("run-" + i));
                store.sync();
            }
        }
        Path whole = segments().get(0);
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(whole, Arrays.copyOf(bytes, bytes.length / 2));
        Files.write(dir.resolve("archive-20240501-100000-000007.jsonl.gz"), Arrays.copyOf(bytes, 5));

        // when
        List<ArchiveEntry> survivors = FileArchiveStore.readAll(dir);
        try (FileArchiveStore reopened = store().build()) {

            // then
            assertThat(survivors).isNotEmpty().hasSizeLessThan(50);
            assertThat(survivors).containsExactlyElementsOf(
                    IntStream.range(0, survivors.size()).mapToObj(i -> entry("run-" + i)).toList());
            assertThat(reopened.contains("run-0/lead_sync")).isTrue();
            assertThat(reopened.contains("run-49/lead_sync")).isFalse();
            reopened.append(entry("run-49"));
        }
        assertThat(FileArchiveStore.readAll(dir)).last().isEqualTo(entry("run-49"));
    }

    @Test
    void shouldKeepAnEntryWhoseWriteFailedAndWriteItWithTheNextSync() throws IOException {
        // given a store between segments whose directory disappears
        try (FileArchiveStore store = store().maxSegmentBytes(1).build()) {
            store.append(entry("run-1"));
            for (Path segment : segments()) {
                Files.delete(segment);
            }
            Files.delete(dir);
            assertThatThrownBy(() -> store.append(entry("run-2"))).isInstanceOf(ArchiveException.class)
                    .hasMessageContaining("append of run-2/lead_sync failed");
            assertThatThrownBy(store::sync).isInstanceOf(ArchiveException.class);

            // when the directory is back and the entry is appended again, as the Archiver retries
            Files.createDirectories(dir);
            store.append(entry("run-2"));
            store.sync();
        }

        // then
        assertThat(FileArchiveStore.readAll(dir)).containsExactly(entry("run-2"));
    }

    @Test
    void shouldKeepEveryEntryWhenManyThreadsAppendAndSyncAtOnce() throws Exception {
        // given small segments, so that writers also roll them, all within the de-duplication window
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try (FileArchiveStore store = store().maxSegmentBytes(4096).dedupeSegments(1000).build()) {

            // when
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        store.append(entry("run-" + writer + "-" + i));
                        store.append(entry("run-" + writer + "-" + (i / 2)));
                        store.sync();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdown();
        }

        // then
        List<String> keys = FileArchiveStore.readAll(dir).stream().map(ArchiveEntry::key).toList();
        assertThat(keys).hasSize(800).doesNotHaveDuplicates();
        assertThat(segments().size()).isGreaterThan(1);
    }

    @Test
    void shouldForgetKeysOlderThanTheDeduplicationWindow() {
        // given one line per segment and a window of the current segment and one finished segment
        try (FileArchiveStore store = store().maxSegmentBytes(1).dedupeSegments(1).build()) {
            store.append(entry("run-1"));
            assertThat(store.contains("run-1/lead_sync")).isTrue();

            // when
            store.append(entry("run-2"));

            // then
            assertThat(store.contains("run-1/lead_sync")).isFalse();
            assertThat(store.contains("run-2/lead_sync")).isTrue();
        }
    }

    @Test
    void shouldRejectEnvelopeJsonThatIsNotOneObjectOnOneLine() {
        try (FileArchiveStore store = store().build()) {
            assertThatThrownBy(() -> store.append(new ArchiveEntry("k", "r", "f", T0, "{\"a\":\n1}".getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spans lines");
            assertThatThrownBy(() -> store.append(new ArchiveEntry("k", "r", "f", T0, "[1]".getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON object");
            assertThatThrownBy(() -> store.append(new ArchiveEntry("k", "r", "f", T0, "{\"a\":1".getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not well-formed");
            assertThat(store.contains("k")).isFalse();
        }
    }

    @Test
    void shouldRefuseWritesOnceClosedAndCloseOnlyOnce() {
        // given
        FileArchiveStore store = store().build();
        store.close();

        // then
        store.close();
        assertThatThrownBy(() -> store.append(entry("run-1"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(store::sync).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRejectBadSettingsNamingTheValue() {
        assertThatThrownBy(() -> store().maxSegmentBytes(0)).isInstanceOf(ConfigurationException.class)
                .hasMessage("archive maxSegmentBytes must be > 0, was 0");
        assertThatThrownBy(() -> store().maxSegmentAge(Duration.ZERO)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("maxSegmentAge");
        assertThatThrownBy(() -> store().dedupeSegments(-1)).isInstanceOf(ConfigurationException.class)
                .hasMessage("archive dedupeSegments must be >= 0, was -1");
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
