package dev.orchestrators.tools.sql;

import static dev.orchestrators.tools.sql.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.kinds.archiver.ArchiveEntry;
import dev.orchestrators.localservers.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The archive in a PostgreSQL table: durable at sync, de-duplicated by key, exact bytes, safe under concurrency. */
class JdbcArchiveStoreTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123456Z");
    private static LocalPostgres pg;
    private static SqlPool pool;

    @BeforeAll
    static void start() {
        pg = TestDatabase.shared();
        pool = TestDatabase.pool(pg, "archive");
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
    }

    private static JdbcArchiveStore store(String table) {
        TestDatabase.execute(pg, "DROP TABLE IF EXISTS " + table);
        return JdbcArchiveStore.newBuilder(pool.dataSource()).table(table).build();
    }

    static ArchiveEntry entry(String runId, String status) {
        String json = "{\"metadata\":{\"run_id\":\"" + runId + "\",\"status\":\"" + status + "\"},\"records\":[]}";
        return new ArchiveEntry(runId + "/lead_sync", runId, "lead_sync", T0, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadBackExactlyWhatWasAppendedOnceSynced() {
        // given
        JdbcArchiveStore store = store("a_exact");
        ArchiveEntry entry = new ArchiveEntry("run-1/lead_sync", "run-1", "lead_sync", T0,
                "{ \"metadata\" : {\"run_id\":\"run-1\",\"note\":\"it's \\u0000 \\\"quoted\\\" ✓\"},  \"records\":[ ] }".getBytes(StandardCharsets.UTF_8));

        // when
        store.append(entry);
        store.sync();

        // then the very bytes came back, whitespace included
        assertThat(store.find("run-1/lead_sync")).contains(entry);
        assertThat(store.forRun("run-1")).containsExactly(entry);
        assertThat(store.queued()).isZero();
    }

    @Test
    void shouldWriteNothingBeforeSyncButCountQueuedEntriesAsContained() {
        JdbcArchiveStore store = store("a_pending");

        store.append(entry("run-2", "OK"));

        assertThat(count(pg, "SELECT count(*) FROM pg_tables WHERE tablename = 'a_pending'")).isZero();
        assertThat(store.contains("run-2/lead_sync")).isTrue();
        assertThat(store.queued()).isEqualTo(1);
        store.sync();
        assertThat(count(pg, "SELECT count(*) FROM a_pending")).isEqualTo(1);
    }

    @Test
    void shouldSkipAnEntryWhoseKeyIsArchivedAlready() {
        // given an archived entry
        JdbcArchiveStore store = store("a_dedupe");
        store.append(entry("run-3", "OK"));
        store.sync();

        // when the same key comes again, from this store and from another one on the same table
        store.append(entry("run-3", "FAILED"));
        store.sync();
        JdbcArchiveStore other = JdbcArchiveStore.newBuilder(pool.dataSource()).table("a_dedupe").build();
        other.append(entry("run-3", "PARTIAL"));
        other.sync();

        // then the first one stays, alone
        assertThat(count(pg, "SELECT count(*) FROM a_dedupe")).isEqualTo(1);
        assertThat(store.find("run-3/lead_sync").orElseThrow().envelopeText()).contains("\"OK\"");
        assertThat(other.contains("run-3/lead_sync")).isTrue();
        assertThat(other.contains("run-4/lead_sync")).isFalse();
    }

    @Test
    void shouldMakeEveryEntryDurableBeforeItsSyncReturnsWhenManyThreadsAppendAtOnce() throws Exception {
        // given eight writers, each key written by two of them
        JdbcArchiveStore store = store("a_concurrent");
        ExecutorService writers = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    ArchiveEntry e = entry("run-" + (writer / 2) + "-" + i, "OK");
                    // when each appends and syncs
                    store.append(e);
                    store.sync();
                    // then its entry is in the table as soon as its sync returned
                    assertThat(store.find(e.key())).isPresent();
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        writers.shutdown();

        assertThat(count(pg, "SELECT count(*) FROM a_concurrent")).isEqualTo(4 * 40);
    }

    @Test
    void shouldRefuseAnEntryThatIsNotOneJsonObjectWithoutQueueingIt() {
        JdbcArchiveStore store = store("a_bad");

        assertThatThrownBy(() -> store.append(new ArchiveEntry("k", "r", "f", T0, "[1]".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> store.append(new ArchiveEntry("k", "r", "f", T0, "{\"a\":1} x".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.append(new ArchiveEntry("k", "r", "f", T0, new byte[] {'{', '"', (byte) 0xC3, '"', '}'})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UTF-8");
        assertThat(store.queued()).isZero();
    }

    @Test
    void shouldSyncOnCloseAndRefuseAppendsAfterIt() {
        JdbcArchiveStore store = store("a_close");
        store.append(entry("run-5", "OK"));

        store.close();

        assertThat(count(pg, "SELECT count(*) FROM a_close")).isEqualTo(1);
        assertThatThrownBy(() -> store.append(entry("run-6", "OK"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(store::sync).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldKeepAKeyWithANulUsableAsALookup() {
        JdbcArchiveStore store = store("a_nul");
        ArchiveEntry hostile = new ArchiveEntry("run-'7\u0000/x", "run-'7\u0000", "lead_sync", T0, "{}".getBytes(StandardCharsets.UTF_8));

        store.append(hostile);
        store.sync();

        assertThat(store.contains("run-'7\u0000/x")).isTrue();
        assertThat(store.forRun("run-'7\u0000")).hasSize(1);
    }
}
