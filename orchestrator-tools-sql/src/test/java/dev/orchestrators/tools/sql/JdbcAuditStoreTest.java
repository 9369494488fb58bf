package dev.orchestrators.tools.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Metadata;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.localservers.LocalPostgres;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audit in a PostgreSQL table: every append persisted before it returns, a run's records in append order. */
class JdbcAuditStoreTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123456789Z");
    private static LocalPostgres pg;
    private static SqlPool pool;

    @BeforeAll
    static void start() {
        pg = TestDatabase.shared();
        pool = TestDatabase.pool(pg, "audit");
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
    }

    private static JdbcAuditStore store(String table) {
        TestDatabase.execute(pg, "DROP TABLE IF EXISTS " + table);
        return JdbcAuditStore.newBuilder(pool.dataSource()).table(table).build();
    }

    private static AuditRecord delivery(String runId, String subject, int attempt) {
        return new AuditRecord(AuditKind.DELIVERY, runId, "lead_sync", "lead_sync", subject, T0.plusSeconds(attempt), null,
                Map.of("outcome", "sent", "attempt", attempt));
    }

    @Test
    void shouldAnswerARunsRecordsInAppendOrder() {
        // given records of two runs, interleaved
        JdbcAuditStore store = store("au_order");
        List<AuditRecord> run1 = List.of(delivery("run-1", "crm", 1), delivery("run-1", "mail", 2), delivery("run-1", "crm", 3));

        // when
        store.append(run1.get(0));
        store.append(delivery("run-2", "crm", 1));
        store.append(run1.get(1));
        store.append(run1.get(2));

        // then
        assertThat(store.forRun("run-1")).containsExactlyElementsOf(run1);
        assertThat(store.forRun("run-2")).hasSize(1);
        assertThat(store.forRun("run-3")).isEmpty();
    }

    @Test
    void shouldReadBackAFinalEnvelopeAsItWasAppended() {
        JdbcAuditStore store = store("au_envelope");
        Metadata metadata = new Metadata("run-9", "lead_sync", "lead_sync", RunStatus.OK, false, false, null, null, 1, T0, T0, List.of());
        AuditRecord record = AuditRecord.ofEnvelope(new Envelope(metadata,
                List.of(new EnvelopeRecord("L-1", Map.of("name", "Ada"), List.of()))), T0);

        store.append(record);

        assertThat(store.forRun("run-9")).containsExactly(record);
    }

    @Test
    void shouldPersistEveryAppendFromManyThreads() throws Exception {
        JdbcAuditStore store = store("au_concurrent");
        ExecutorService writers = Executors.newFixedThreadPool(6);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                for (int i = 0; i < 30; i++) {
                    store.append(delivery("run-c", "w" + writer, i));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        writers.shutdown();

        List<AuditRecord> records = store.forRun("run-c");
        assertThat(records).hasSize(180);
        for (int w = 0; w < 6; w++) {
            String subject = "w" + w;
            assertThat(records.stream().filter(r -> r.subject().equals(subject)).map(r -> r.details().get("attempt")))
                    .as("one writer's records keep its order").isSorted().hasSize(30);
        }
    }

    @Test
    void shouldKeepHostileTextExactInTheRecordAndFindItsRun() {
        JdbcAuditStore store = store("au_hostile");
        AuditRecord record = new AuditRecord(AuditKind.SIDE_EFFECT, "run-'x\u0000", "f", "o", "'; DROP TABLE au_hostile; --\u0000",
                T0, null, Map.of("note", "a\u0000b"));

        store.append(record);

        assertThat(store.forRun("run-'x\u0000")).containsExactly(record);
    }

    @Test
    void shouldThrowWhenTheRecordCannotBePersisted() {
        JdbcAuditStore store = JdbcAuditStore.newBuilder(pool.dataSource()).table("au_missing").createTable(false).build();

        Throwable failure = catchThrowable(() -> store.append(delivery("run-1", "crm", 1)));

        assertThat(failure).isInstanceOf(PermanentException.class).hasMessageContaining("au_missing");
        assertThat(((PermanentException) failure).type()).isEqualTo("UndefinedObject");
    }
}
