package dev.orchestrators.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.audit.AuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Metadata;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.envelope.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The contract of an {@link AuditStore}, which every implementation runs: a subclass makes {@link #newStore}.
 * Run ids are new in every test, so stores of one test class may share a database.
 *
 * <p>The clauses: {@link AuditStore#forRun} answers every record appended for the run, equal to what was appended, in
 * append order, and nothing of other runs; an unknown run has no records; the store does not de-duplicate (an
 * append retried after an error may store a record twice; readers keep the last record per {@link AuditRecord#key()});
 * an answer is a snapshot that later appends do not change; a {@code null} record is refused with a
 * {@link NullPointerException}; appends from many threads are all kept, each thread's in its order; a run may be read
 * while it is appended to, and every answer is then a prefix of what was appended.
 */
public abstract class AuditStoreContractTest {
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");

    private final String testId = UUID.randomUUID().toString().substring(0, 8);

    /** A new store. */
    protected abstract AuditStore newStore();

    /** How many records the concurrency clauses append; a store on a remote database may ask for fewer. */
    protected int concurrentRecords() {
        return 1_000;
    }

    /** A run id no other test uses. */
    protected String runId(String name) {
        return name + "-" + testId;
    }

    @Test
    void shouldAnswerARunsRecordsInTheOrderTheyWereAppended() {
        // given
        AuditStore store = newStore();
        String run = runId("run");
        List<AuditRecord> appended = List.of(sideEffect(run, "crm:1"), delivery(run, "mail:1"), sideEffect(run, "crm:0"),
                envelope(run, "lead_sync"));

        // when
        appended.forEach(store::append);

        // then
        assertThat(store.forRun(run)).containsExactlyElementsOf(appended);
    }

    @Test
    void shouldReadBackEachRecordEqualToTheOneAppended() {
        // given a record of every kind, the final envelope with records and details among them
        AuditStore store = newStore();
        String run = runId("run");
        List<AuditRecord> appended = new ArrayList<>();
        for (AuditKind kind : AuditKind.values()) {
            appended.add(kind == AuditKind.ENVELOPE ? envelope(run, "lead_sync")
                    : new AuditRecord(kind, run, "lead_sync", "lead_sync", "subject-" + kind, T0,
                    null, Map.of("outcome", "performed", "attempt", 2, "flag", true, "nested", Map.of("id", "x-1"))));
        }

        // when
        appended.forEach(store::append);

        // then
        assertThat(store.forRun(run)).containsExactlyElementsOf(appended);
    }

    @Test
    void shouldAnswerNoRecordsForARunNothingWasAppendedFor() {
        // given
        AuditStore store = newStore();
        store.append(delivery(runId("other"), "mail:1"));

        // then
        assertThat(store.forRun(runId("never"))).isEmpty();
    }

    @Test
    void shouldKeepOtherRunsRecordsOutOfARunsAnswer() {
        // given
        AuditStore store = newStore();
        String one = runId("one");
        String two = runId("two");

        // when
        store.append(delivery(one, "mail:1"));
        store.append(delivery(two, "mail:1"));
        store.append(envelope(one, "lead_sync"));

        // then
        assertThat(store.forRun(one)).containsExactly(delivery(one, "mail:1"), envelope(one, "lead_sync"));
        assertThat(store.forRun(two)).containsExactly(delivery(two, "mail:1"));
    }

    @Test
    void shouldKeepEveryAppendOfTheSameRecordForReadersToKeepTheLastPerKey() {
        // given
        AuditStore store = newStore();
        String run = runId("run");
        AuditRecord record = delivery(run, "mail:1");

        // when the same record is appended again, as after an append whose answer was lost
        store.append(record);
        store.append(record);

        // then
        assertThat(store.forRun(run)).containsExactly(record, record);
    }

    @Test
    void shouldAnswerASnapshotThatLaterAppendsDoNotChange() {
        // given
        AuditStore store = newStore();
        String run = runId("run");
        store.append(delivery(run, "mail:1"));
        List<AuditRecord> before = store.forRun(run);

        // when
        store.append(delivery(run, "mail:2"));

        // then
        assertThat(before).containsExactly(delivery(run, "mail:1"));
    }

    @Test
    void shouldRefuseANullRecordAndKeepAnsweringForOtherRuns() {
        // given
        AuditStore store = newStore();
        String run = runId("run");
        store.append(delivery(run, "mail:1"));

        // then
        assertThatThrownBy(() -> store.append(null)).isInstanceOf(NullPointerException.class);
        assertThat(store.forRun(run)).containsExactly(delivery(run, "mail:1"));
    }

    @Test
    void shouldKeepEveryRecordAppendedFromManyThreadsEachThreadsInItsOrder() {
        // given
        AuditStore store = newStore();
        String shared = runId("shared");
        int threads = 4;
        int perThread = concurrentRecords() / threads;

        // when each thread appends to a run of its own and to a shared one
        Concurrently.run(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                store.append(delivery(runId("own-" + thread), "mail:" + i));
                store.append(delivery(shared, thread + ":" + i));
            }
        });

        // then
        for (int thread = 0; thread < threads; thread++) {
            List<AuditRecord> own = new ArrayList<>();
            List<AuditRecord> inShared = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                own.add(delivery(runId("own-" + thread), "mail:" + i));
                inShared.add(delivery(shared, thread + ":" + i));
            }
            String prefix = thread + ":";
            assertThat(store.forRun(runId("own-" + thread))).containsExactlyElementsOf(own);
            assertThat(store.forRun(shared)).filteredOn(r -> r.subject().startsWith(prefix)).containsExactlyElementsOf(inShared);
        }
        assertThat(store.forRun(shared)).hasSize(threads * perThread);
    }

    @Test
    void shouldAnswerAPrefixOfWhatWasAppendedWhileARunIsAppendedTo() {
        // given
        AuditStore store = newStore();
        String run = runId("run");
        List<AuditRecord> appended = new ArrayList<>();
        for (int i = 0; i < concurrentRecords(); i++) {
            appended.add(delivery(run, "mail:" + i));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch readersStarted = new CountDownLatch(2);

        // when one thread appends while two read, from before the first append to after the last
        Concurrently.run(3, thread -> {
            if (thread == 0) {
                try {
                    readersStarted.await();
                    appended.forEach(store::append);
                } finally {
                    writing.set(false);
                }
                return;
            }
            boolean first = true;
            do {
                List<AuditRecord> answer = store.forRun(run);
                if (first) {
                    readersStarted.countDown();
                    first = false;
                }
                assertThat(answer).containsExactlyElementsOf(appended.subList(0, answer.size()));
            } while (writing.get());
        });

        // then
        assertThat(store.forRun(run)).containsExactlyElementsOf(appended);
    }

    /** The outcome of delivery {@code subject} in {@code run}. */
    protected static AuditRecord delivery(String run, String subject) {
        return new AuditRecord(AuditKind.DELIVERY, run, "lead_sync", "notify", subject, T0,
                null, Map.of("delivery_key", run + ":" + subject, "outcome", "sent"));
    }

    /** The outcome of side effect {@code subject} in {@code run}. */
    protected static AuditRecord sideEffect(String run, String subject) {
        return new AuditRecord(AuditKind.SIDE_EFFECT, run, "lead_sync", "crm_sync", subject, T0.plusSeconds(1),
                null, Map.of("idempotency_key", run + ":" + subject, "outcome", "performed", "side_effect_id", "crm-42"));
    }

    /** The final envelope of {@code orchestrator} in {@code run}, with one record. */
    protected static AuditRecord envelope(String run, String orchestrator) {
        Provenance produced = new Provenance(orchestrator, "fetch", "crm_reader", "produced", run, T0, 1);
        Metadata metadata = new Metadata(run, "lead_sync", orchestrator, RunStatus.OK, false, false, null, null, 1, T0,
                T0.plusMillis(250), List.of());
        Envelope envelope = new Envelope(metadata, List.of(EnvelopeRecord.of("L-1", Map.of("name", "Ada", "score", 7), produced)));
        return AuditRecord.ofEnvelope(envelope, T0.plusSeconds(2));
    }
}
