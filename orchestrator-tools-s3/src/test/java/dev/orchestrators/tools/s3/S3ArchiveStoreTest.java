package dev.orchestrators.tools.s3;

import static dev.orchestrators.tools.s3.LocalS3Archive.entries;
import static dev.orchestrators.tools.s3.LocalS3Archive.entry;
import static dev.orchestrators.tools.s3.LocalS3Archive.objects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.kinds.archiver.ArchiveEntry;
import dev.orchestrators.tools.AdapterMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store against a real S3 server: durability on sync, idempotency by key, refusals. */
class S3ArchiveStoreTest extends OnLocalS3 {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private S3ArchiveStore store;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private S3ArchiveStore open(Map<String, String> settings) {
        return S3ArchiveStore.newBuilder(S3ArchiveSettings.from(settings)).client(client).meters(AdapterMeters.of(registry, "archive", "s3-archive"))
                .build();
    }

    @Test
    void shouldWriteWhatWasAppendedAsOneGzipBatchObjectOnSync() {
        // given
        Map<String, String> settings = LocalS3Archive.settings(s3);
        String prefix = settings.get("archive.s3.prefix");
        store = open(settings);
        List<ArchiveEntry> appended = List.of(entry("run-1/lead_sync"), entry("run-2/lead_sync"), entry("run-3/lead_sync"));

        // when
        appended.forEach(store::append);
        List<String> beforeSync = objects(s3, prefix);
        store.sync();

        // then
        assertThat(beforeSync).isEmpty();
        assertThat(objects(s3, prefix)).singleElement().asString().matches(prefix + "run-1/lead_sync\\.3-[0-9a-f]{32}\\.jsonl\\.gz");
        assertThat(entries(s3, prefix)).containsExactlyElementsOf(appended);
        assertThat(store.pendingEntries()).isZero();
        assertThat(registry.get(AdapterMeters.CALLS).tag("outcome", "ok").timer().count()).isEqualTo(1);
    }

    @Test
    void shouldSealABatchWhenItIsFullAndStartItsPutBeforeTheSync() {
        // given batches of two
        Map<String, String> settings = LocalS3Archive.settings(s3, "batch.max.entries", "2");
        String prefix = settings.get("archive.s3.prefix");
        store = open(settings);

        // when five entries are appended and synced
        for (int i = 1; i <= 5; i++) {
            store.append(entry("run-" + i + "/x"));
        }
        store.sync();

        // then three objects hold the five entries, in order
        assertThat(objects(s3, prefix)).hasSize(3);
        assertThat(entries(s3, prefix)).extracting(ArchiveEntry::key)
                .containsExactlyInAnyOrder("run-1/x", "run-2/x", "run-3/x", "run-4/x", "run-5/x");
    }

    @Test
    void shouldSkipAKeyAppendedAgainWithinTheWindow() {
        // given
        Map<String, String> settings = LocalS3Archive.settings(s3);
        String prefix = settings.get("archive.s3.prefix");
        store = open(settings);
        store.append(entry("run-1/a"));
        store.sync();

        // when the same key comes again, before and after a sync
        store.append(entry("run-1/a"));
        store.append(entry("run-2/b"));
        store.append(entry("run-2/b"));
        store.sync();

        // then
        assertThat(store.contains("run-1/a")).isTrue();
        assertThat(store.contains("run-3/never")).isFalse();
        assertThat(entries(s3, prefix)).extracting(ArchiveEntry::key).containsExactlyInAnyOrder("run-1/a", "run-2/b");
    }

    @Test
    void shouldWriteTheSameObjectWhenAStoreRestartedAppendsTheSameEntriesAgain() {
        // given a store that archived three entries, then "crashed" (its window is gone)
        Map<String, String> settings = LocalS3Archive.settings(s3);
        String prefix = settings.get("archive.s3.prefix");
        List<ArchiveEntry> batch = List.of(entry("run-1/a"), entry("run-2/a"), entry("run-3/a"));
        try (S3ArchiveStore first = open(settings)) {
            batch.forEach(first::append);
            first.sync();
        }

        // when a new store re-appends them in the same order, as a task replays from its last commit
        store = open(settings);
        batch.forEach(store::append);
        store.sync();

        // then there is still exactly one object, holding each entry once
        assertThat(objects(s3, prefix)).hasSize(1);
        assertThat(entries(s3, prefix)).containsExactlyElementsOf(batch);
    }

    @Test
    void shouldAskS3WhetherAKeyIsArchivedWhenEachEntryIsItsOwnObject() {
        // given one object per entry, written by a store that is gone
        Map<String, String> settings = LocalS3Archive.settings(s3, "batch.max.entries", "1");
        String prefix = settings.get("archive.s3.prefix");
        try (S3ArchiveStore first = open(settings)) {
            first.append(entry("run-1/a"));
            first.sync();
        }

        // when a new store, its window empty, is asked
        store = open(settings);

        // then it finds the object by its key alone
        assertThat(objects(s3, prefix)).containsExactly(prefix + "run-1/a.jsonl.gz");
        assertThat(store.contains("run-1/a")).isTrue();
        assertThat(store.contains("run-2/a")).isFalse();
    }

    @Test
    void shouldRefuseAnEntryThatCanNeverBeStoredAndKeepNothingOfIt() {
        // given
        store = open(LocalS3Archive.settings(s3));
        ArchiveEntry notAnObject = new ArchiveEntry("run-1/a", "run-1", "f", Instant.EPOCH, "[1,2]".getBytes(StandardCharsets.UTF_8));
        ArchiveEntry twoLines = new ArchiveEntry("run-2/a", "run-2", "f", Instant.EPOCH, "{\n}".getBytes(StandardCharsets.UTF_8));

        // then
        assertThatThrownBy(() -> store.append(notAnObject)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> store.append(twoLines)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spans lines");
        assertThatThrownBy(() -> store.append(entry("run-3/\uDC00"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone surrogate");
        assertThat(store.pendingEntries()).isZero();
        assertThat(store.contains("run-1/a")).isFalse();
    }

    @Test
    void shouldSyncOnCloseAndRefuseAppendsAfterIt() {
        // given
        Map<String, String> settings = LocalS3Archive.settings(s3);
        String prefix = settings.get("archive.s3.prefix");
        S3ArchiveStore closing = open(settings);
        closing.append(entry("run-1/a"));

        // when
        closing.close();
        closing.close();

        // then
        assertThat(entries(s3, prefix)).extracting(ArchiveEntry::key).containsExactly("run-1/a");
        assertThatThrownBy(() -> closing.append(entry("run-2/a"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(closing::sync).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldStartAndCompleteEveryPutOffTheCallersThread() throws Exception {
        // given a caller named like a Kafka Streams thread
        store = open(LocalS3Archive.settings(s3, "batch.max.entries", "1"));
        List<String> completedOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.onPutCompleted(thread -> completedOn.add(thread.getName()));
        Thread caller = new Thread(() -> {
            for (int i = 0; i < 5; i++) {
                store.append(entry("run-" + i + "/a"));
            }
            store.sync();
        }, "archiver-app-StreamThread-1");

        // when
        caller.start();
        caller.join(10_000);

        // then
        assertThat(completedOn).hasSize(10).noneMatch(name -> name.contains("StreamThread"))
                .anyMatch(name -> name.startsWith("s3-archive-archive-put"));
    }

    @Test
    void shouldArchiveEveryEntryOnceWhenManyWritersAppendAndSyncAtOnce() throws Exception {
        // given four writers, each appending then syncing, as archivers sharing one store do
        Map<String, String> settings = LocalS3Archive.settings(s3, "max.concurrent", "2");
        String prefix = settings.get("archive.s3.prefix");
        store = open(settings);
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();

        // when each writes 25 entries, one of them a key another writer also writes
        for (int w = 0; w < 4; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    store.append(entry("run-" + writer + "-" + i + "/a"));
                    store.append(entry("shared-" + i + "/a"));
                    store.sync();
                }
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        writers.shutdown();

        // then
        List<String> keys = entries(s3, prefix).stream().map(ArchiveEntry::key).toList();
        assertThat(keys).hasSize(125).doesNotHaveDuplicates();
        assertThat(store.pendingEntries()).isZero();
    }

    @Test
    void shouldReportTheBucketReachable() {
        store = open(LocalS3Archive.settings(s3));
        assertThat(store.checkHealth().toCompletableFuture().join().reachable()).isTrue();
    }
}
