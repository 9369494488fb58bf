package dev.orchestrators.tools.sql;

import dev.orchestrators.core.audit.AuditStore;
import dev.orchestrators.core.contract.AuditStoreContractTest;
import dev.orchestrators.localservers.LocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link JdbcAuditStore} keeps the {@link AuditStore} contract on a real PostgreSQL, each store in a table of its own;
 * skipped where the machine has no PostgreSQL. Its failures (transient or permanent, as {@code SqlFailures} classifies
 * them) are {@code JdbcAuditStoreTest}'s and {@code SqlFaultTest}'s.
 */
class JdbcAuditStoreContractTest extends AuditStoreContractTest {
    private static LocalPostgres pg;
    private static SqlPool pool;
    private static int tables;

    @BeforeAll
    static void start() {
        pg = TestDatabase.shared();
        pool = TestDatabase.pool(pg, "audit-contract");
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    protected AuditStore newStore() {
        String table = "au_contract_" + ++tables;
        TestDatabase.execute(pg, "DROP TABLE IF EXISTS " + table);
        return JdbcAuditStore.newBuilder(pool.dataSource()).table(table).build();
    }

    @Override
    protected int concurrentRecords() {
        return 400;
    }
}
