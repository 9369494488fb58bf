package dev.orchestrators.tools.sql;

import dev.orchestrators.core.contract.ArchiveStoreContractTest;
import dev.orchestrators.core.kinds.archiver.ArchiveEntry;
import dev.orchestrators.core.kinds.archiver.ArchiveStore;
import dev.orchestrators.localservers.LocalPostgres;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link JdbcArchiveStore} keeps the {@link ArchiveStore} contract on a real PostgreSQL, each store in a table of its
 * own, read back with a connection of the test's own; skipped where the machine has no PostgreSQL. Its storage breaks
 * as a lost database does (every connection refused), and refuses it for good with a wrong password (the server's
 * real answer).
 */
class JdbcArchiveStoreContractTest extends ArchiveStoreContractTest<JdbcArchiveStore> {
    private static LocalPostgres pg;
    private static SqlPool pool;
    private static int tables;
    private final Map<JdbcArchiveStore, String> tableOf = new IdentityHashMap<>();
    private final Map<JdbcArchiveStore, Breakable> dataSourceOf = new IdentityHashMap<>();

    @BeforeAll
    static void start() {
        pg = TestDatabase.shared();
        pool = TestDatabase.pool(pg, "archive-contract");
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    protected JdbcArchiveStore newStore() {
        String table = "ar_contract_" + ++tables;
        TestDatabase.execute(pg, "DROP TABLE IF EXISTS " + table);
        Breakable dataSource = new Breakable(pool.dataSource());
        JdbcArchiveStore store = JdbcArchiveStore.newBuilder(dataSource).table(table).build();
        tableOf.put(store, table);
        dataSourceOf.put(store, dataSource);
        return store;
    }

    @Override
    protected List<ArchiveEntry> durableEntries(JdbcArchiveStore store) {
        String table = tableOf.get(store);
        if (TestDatabase.count(pg, "SELECT count(*) FROM pg_tables WHERE tablename = '" + table + "'") == 0) {
            return List.of(); // nothing was ever written: the store creates its table on first use
        }
        List<ArchiveEntry> entries = new ArrayList<>();
        try (Connection c = TestDatabase.connect(pg); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT entry_key, run_id, flow, archived_at, envelope FROM " + table)) {
            while (rs.next()) {
                entries.add(new ArchiveEntry(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5).getBytes(StandardCharsets.UTF_8)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return entries;
    }

    @Override
    protected boolean breakStorage(JdbcArchiveStore store) {
        dataSourceOf.get(store).broken = true;
        return true;
    }

    @Override
    protected void repairStorage(JdbcArchiveStore store) {
        dataSourceOf.get(store).broken = false;
    }

    @Override
    protected Optional<JdbcArchiveStore> newStoreDeniedAccess() {
        PGSimpleDataSource wrongPassword = new PGSimpleDataSource();
        wrongPassword.setURL(pg.jdbcUrl());
        wrongPassword.setUser(LocalPostgres.USER);
        wrongPassword.setPassword("not-the-password");
        return Optional.of(JdbcArchiveStore.newBuilder(wrongPassword).table("ar_contract_denied").build());
    }

    /** A data source that refuses every connection while broken, as a database that went away does. */
    private static final class Breakable implements DataSource {
        private final DataSource real;
        volatile boolean broken;

        Breakable(DataSource real) {
            this.real = real;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (broken) {
                throw new SQLTransientConnectionException("Connection to the database refused (a test broke it)", "08001");
            }
            return real.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the store asks for connections without credentials");
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return real.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            real.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            real.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return real.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return real.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return real.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return real.isWrapperFor(type);
        }
    }
}
