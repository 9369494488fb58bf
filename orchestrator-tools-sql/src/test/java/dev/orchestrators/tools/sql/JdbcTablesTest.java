package dev.orchestrators.tools.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.localservers.LocalPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Creating the stores' tables when several connections (or workers) do it at the same moment. */
class JdbcTablesTest {

    @Test
    void shouldTreatADuplicateRowTypeAsATableAnotherConnectionCreated() {
        // PostgreSQL's IF NOT EXISTS is not atomic: the loser of a race may see the table's row type already there
        assertThat(JdbcTables.createdConcurrently(new SQLException("type already exists", "42710"))).isTrue();
    }

    @Test
    void shouldTreatAUniqueViolationOnTheCatalogAsATableAnotherConnectionCreated() {
        assertThat(JdbcTables.createdConcurrently(new SQLException("duplicate key in pg_type", "23505"))).isTrue();
    }

    @Test
    void shouldTreatAnExistingTableAsATableAnotherConnectionCreated() {
        assertThat(JdbcTables.createdConcurrently(new SQLException("relation already exists", "42P07"))).isTrue();
    }

    @Test
    void shouldNotTreatAnyOtherFailureAsARace() {
        assertThat(JdbcTables.createdConcurrently(new SQLException("permission denied", "42501"))).isFalse();
        assertThat(JdbcTables.createdConcurrently(new SQLException("no state"))).isFalse();
    }

    @Test
    void shouldCreateOneTableWhenManyConnectionsCreateItAtOnce() throws Exception {
        // given eight connections to the real PostgreSQL, all about to create the same new table
        TestDatabase.assumeAvailable();
        LocalPostgres pg = TestDatabase.shared();
        String table = "race_" + System.nanoTime();
        IdempotencyTable idempotency = new IdempotencyTable(table, true);
        int connections = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(connections);
        List<CompletableFuture<Void>> creations = new ArrayList<>();
        try {
            // when they all run its DDL at the same moment, each on its own connection
            for (int i = 0; i < connections; i++) {
                creations.add(CompletableFuture.runAsync(() -> {
                    try (Connection c = TestDatabase.connect(pg)) {
                        start.await();
                        JdbcTables.create(c, List.of(idempotency.ddl()));
                    } catch (SQLException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, threads));
            }
            start.countDown();

            // then none fails, and the table is there once
            CompletableFuture.allOf(creations.toArray(CompletableFuture[]::new)).join();
            assertThat(TestDatabase.count(pg, "SELECT count(*) FROM pg_tables WHERE tablename = '" + table + "'")).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }
}
