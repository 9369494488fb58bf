package dev.orchestrators.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.kinds.archiver.ArchiveEntry;
import dev.orchestrators.core.kinds.archiver.ArchiveException;
import dev.orchestrators.core.kinds.archiver.ArchiveStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of an {@link ArchiveStore}, which every implementation runs: a subclass makes {@link #newStore} on new,
 * empty storage and reads that storage back in {@link #durableEntries}, as a reader other than the store would.
 *
 * <p>The clauses: after {@link ArchiveStore#sync} every entry appended before it is durable, byte for byte; a key is
 * {@link ArchiveStore#contains known} from its append on; an entry whose key the store holds is skipped, before and
 * after a sync, and the first entry stays; a sync with nothing to write returns normally; {@link ArchiveStore#close}
 * makes what was appended durable, may be called again, and after it appends and syncs are refused with an
 * {@link IllegalStateException}; a {@code null} entry is refused with a {@link NullPointerException}, an entry whose
 * JSON is not one object with an {@link IllegalArgumentException}, and nothing of either is kept; entries appended
 * from many threads are all durable after a sync, each key once; and, where a test can break the storage
 * ({@link #breakStorage}), a failed sync throws a transient {@link ArchiveException} and loses nothing: the next sync
 * writes what it held; where a test can make storage that refuses the store for good ({@link #newStoreDeniedAccess}),
 * a sync throws a permanent {@link ArchiveException}, so that the archiver stops retrying and alerts.
 *
 * <p>Nothing is said about the order of durable entries (a table is read by key, batch objects by name), nor about the
 * de-duplication window beyond the store's own lifetime: each store documents its window.
 *
 * @param <S> the store type
 */
public abstract class ArchiveStoreContractTest<S extends ArchiveStore> {
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");

    private final List<S> made = new ArrayList<>();

    /** A new store on new, empty storage (a directory, a table, a key prefix of its own). */
    protected abstract S newStore();

    /**
     * Every entry in {@code store}'s storage, read as a reader other than the store would (the files, the table, the
     * objects), duplicates included, in any order.
     */
    protected abstract List<ArchiveEntry> durableEntries(S store);

    /**
     * Makes {@code store}'s storage fail, as an outage does, until {@link #repairStorage}; the contract syncs once
     * while it is broken. False when the test cannot break it: the failure clause is then skipped.
     */
    protected boolean breakStorage(S store) {
        return false;
    }

    /** Ends what {@link #breakStorage} began. */
    protected void repairStorage(S store) {
    }

    /**
     * A new store whose storage refuses it for good, as wrong credentials or a missing bucket do; empty when the test
     * cannot make one: the permanent-failure clause is then skipped.
     */
    protected Optional<S> newStoreDeniedAccess() {
        return Optional.empty();
    }

    private S store() {
        S store = newStore();
        made.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        made.forEach(ArchiveStore::close);
    }

    @Test
    void shouldMakeEveryEntryAppendedBeforeASyncDurableByteForByte() {
        // given
        S store = store();
        List<ArchiveEntry> appended = List.of(entry("run-1/lead_sync", "{\"run\":1}"),
                entry("run-2/lead_sync", "{\"text\":\"caf\\u00e9 \u00e9t\u00e9 \u2603\",\"n\":[1,2.5,null]}"),
                entry("run-3/lead_sync", "{ \"spaced\" : true }"));

        // when
        appended.forEach(store::append);
        store.sync();

        // then
        assertThat(durableEntries(store)).containsExactlyInAnyOrderElementsOf(appended);
    }

    @Test
    void shouldKnowAKeyFromItsAppendOnBeforeAnySync() {
        // given
        S store = store();

        // when
        store.append(entry("run-1/lead_sync", "{}"));

        // then
        assertThat(store.contains("run-1/lead_sync")).isTrue();
        assertThat(store.contains("run-2/lead_sync")).isFalse();
        store.sync();
        assertThat(store.contains("run-1/lead_sync")).isTrue();
    }

    @Test
    void shouldSkipAnEntryWhoseKeyItHoldsAndKeepTheFirst() {
        // given
        S store = store();
        ArchiveEntry first = entry("run-1/lead_sync", "{\"version\":1}");

        // when the same key comes again before a sync and after one
        store.append(first);
        store.append(entry("run-1/lead_sync", "{\"version\":2}"));
        store.sync();
        store.append(entry("run-1/lead_sync", "{\"version\":3}"));
        store.sync();

        // then
        assertThat(durableEntries(store)).containsExactly(first);
    }

    @Test
    void shouldReturnNormallyFromASyncWithNothingToWrite() {
        // given
        S store = store();

        // when
        store.sync();
        store.append(entry("run-1/lead_sync", "{}"));
        store.sync();
        store.sync();

        // then
        assertThat(durableEntries(store)).extracting(ArchiveEntry::key).containsExactly("run-1/lead_sync");
    }

    @Test
    void shouldMakeWhatWasAppendedDurableOnClose() {
        // given
        S store = store();
        store.append(entry("run-1/lead_sync", "{}"));

        // when
        store.close();

        // then
        assertThat(durableEntries(store)).extracting(ArchiveEntry::key).containsExactly("run-1/lead_sync");
    }

    @Test
    void shouldRefuseAppendsAndSyncsOnceClosedAndCloseAgainQuietly() {
        // given
        S store = store();
        store.close();

        // then
        store.close();
        assertThatThrownBy(() -> store.append(entry("run-1/lead_sync", "{}"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(store::sync).isInstanceOf(IllegalStateException.class);
        assertThat(durableEntries(store)).isEmpty();
    }

    @Test
    void shouldRefuseANullEntry() {
        // given
        S store = store();

        // then
        assertThatThrownBy(() -> store.append(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldRefuseAnEntryWhoseJsonIsNotOneObjectAndKeepNothingOfIt() {
        // given
        S store = store();

        // then
        List<String> notOneObject = List.of("[1,2]", "\"text\"", "{\"a\":1", "{\"a\":1} {\"b\":2}");
        for (int i = 0; i < notOneObject.size(); i++) {
            String key = "run-" + i + "/lead_sync";
            String json = notOneObject.get(i);
            assertThatThrownBy(() -> store.append(entry(key, json))).as(json).isInstanceOf(IllegalArgumentException.class);
            assertThat(store.contains(key)).as(json).isFalse();
        }
        store.sync();
        assertThat(durableEntries(store)).isEmpty();
    }

    @Test
    void shouldMakeEveryEntryAppendedFromManyThreadsDurableOnce() {
        // given
        S store = store();
        int threads = 4;
        int shared = 40;
        int own = 20;

        // when every thread appends the same shared keys and keys of its own
        Concurrently.run(threads, thread -> {
            for (int i = 0; i < shared; i++) {
                store.append(entry("shared-" + i + "/lead_sync", "{\"i\":" + i + "}"));
                if (i < own) {
                    store.append(entry("own-" + thread + "-" + i + "/lead_sync", "{\"i\":" + i + "}"));
                }
            }
            store.sync();
        });

        // then
        assertThat(durableEntries(store)).extracting(ArchiveEntry::key).doesNotHaveDuplicates().hasSize(shared + threads * own);
    }

    @Test
    void shouldThrowATransientArchiveExceptionWhenASyncFailsAndWriteItsEntriesOnTheNextSync() {
        // given
        S store = store();
        ArchiveEntry before = entry("run-1/lead_sync", "{\"n\":1}");
        store.append(before);
        store.sync();
        ArchiveEntry held = entry("run-2/lead_sync", "{\"n\":2}");
        store.append(held);
        assumeTrue(breakStorage(store), "this test cannot break the store's storage; its own tests cover failures");

        // when
        ArchiveException failed;
        try {
            failed = catchThrowableOfType(ArchiveException.class, store::sync);
        } finally {
            repairStorage(store);
        }
        store.sync();

        // then a duplicate may be written, never a loss
        assertThat(failed).as("the failed sync's exception").isNotNull();
        assertThat(failed.failureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(store.contains("run-2/lead_sync")).isTrue();
        assertThat(durableEntries(store)).contains(before, held);
    }

    @Test
    void shouldThrowAPermanentArchiveExceptionWhenItsStorageRefusesItForGood() {
        // given
        Optional<S> denied = newStoreDeniedAccess();
        assumeTrue(denied.isPresent(), "this test cannot make storage that refuses the store");
        S store = denied.get();
        try {
            store.append(entry("run-1/lead_sync", "{}"));

            // when
            ArchiveException failed = catchThrowableOfType(ArchiveException.class, store::sync);

            // then the archiver stops retrying at once, and the entry is still held
            assertThat(failed).as("the failed sync's exception").isNotNull();
            assertThat(failed.failureClass()).isEqualTo(FailureClass.PERMANENT);
            assertThat(store.contains("run-1/lead_sync")).isTrue();
        } finally {
            assertThat(catchThrowableOfType(ArchiveException.class, store::close)).as("closing it cannot write either")
                    .isNotNull();
        }
    }

    /** An entry of {@code key} holding {@code json} as its envelope. */
    protected static ArchiveEntry entry(String key, String json) {
        return new ArchiveEntry(key, key.substring(0, Math.max(1, key.indexOf('/'))), "lead_sync", T0,
                json.getBytes(StandardCharsets.UTF_8));
    }
}
