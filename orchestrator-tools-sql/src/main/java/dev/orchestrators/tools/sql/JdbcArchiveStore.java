package dev.orchestrators.tools.sql;

import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.kinds.archiver.ArchiveEntry;
import dev.orchestrators.core.kinds.archiver.ArchiveException;
import dev.orchestrators.core.kinds.archiver.ArchiveStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * An {@link ArchiveStore} in a PostgreSQL table, one row per entry, keyed by the entry's key:
 *
 * <pre>{@code
 * CREATE TABLE IF NOT EXISTS orchestrator_archive (
 *     entry_key   text        PRIMARY KEY,     -- <run_id>/<orchestrator>
 *     run_id      text        NOT NULL,
 *     flow        text        NOT NULL,
 *     archived_at timestamptz NOT NULL,
 *     envelope    json        NOT NULL)        -- the envelope exactly as on the wire (json keeps the text)
 * CREATE INDEX IF NOT EXISTS orchestrator_archive_run_id ON orchestrator_archive (run_id)
 * }</pre>
 *
 * <pre>{@code
 * ArchiveStore store = JdbcArchiveStore.newBuilder(pool.dataSource()).table("ops.archive").build();
 * }</pre>
 *
 * <p><b>Durability.</b> {@link #append} only queues the entry in memory (it never touches the database, so it
 * cannot fail on it); {@link #sync} writes every queued entry in one transaction ({@code INSERT ... ON CONFLICT
 * (entry_key) DO NOTHING}, batched) and returns once it committed. Concurrent syncs share that work: one writes,
 * the others wait for it and write whatever is still queued. When a sync fails, its entries go back to the queue
 * and the next sync writes them again ({@link ArchiveException}: transient or permanent as {@link SqlFailures}
 * classifies the database's answer; a wrong password or a missing table is permanent). A crash loses only entries no sync
 * acknowledged, which the {@code Archiver} has not acknowledged either.
 *
 * <p><b>De-duplication.</b> By the primary key, forever: an entry whose key the table holds is skipped by the
 * database, one queued already is skipped at {@link #append}. {@link #contains} looks at the queue, then the table.
 *
 * <p>The store does not own its {@link DataSource}: {@link #close()} syncs and stops taking entries, the caller
 * closes the pool. The table is created on first use unless {@link Builder#createTable(boolean) createTable(false)}.
 * Thread-safe.
 */
public final class JdbcArchiveStore implements ArchiveStore {
    /** The default table. */
    public static final String DEFAULT_TABLE = "orchestrator_archive";

    private final DataSource dataSource;
    private final String table;
    private final boolean createTable;
    private final Duration timeout;
    private final Object flushLock = new Object();
    private final Map<String, ArchiveEntry> queued = new LinkedHashMap<>();
    private volatile boolean ready;
    private volatile boolean closed;

    private JdbcArchiveStore(Builder b) {
        this.dataSource = b.dataSource;
        this.table = b.table;
        this.createTable = b.createTable;
        this.timeout = b.timeout;
    }

    /** A builder for a store on {@code dataSource} (a {@link SqlPool#dataSource()}, say). */
    public static Builder newBuilder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Queues {@code entry} for the next {@link #sync}, unless an entry with its key is queued already.
     *
     * @throws IllegalArgumentException when the entry's JSON is not one JSON object in UTF-8
     * @throws IllegalStateException    when the store is closed
     */
    @Override
    public void append(ArchiveEntry entry) {
        Objects.requireNonNull(entry, "entry");
        ensureOpen();
        JdbcTables.requireJsonObject(entry.key(), entry.envelopeJson());
        synchronized (queued) {
            queued.putIfAbsent(entry.key(), entry);
        }
    }

    /**
     * Writes every queued entry in one transaction.
     *
     * @throws ArchiveException      when that failed; the entries stay queued for the next sync
     * @throws IllegalStateException when the store is closed
     */
    @Override
    public void sync() {
        ensureOpen();
        flush();
    }

    private void flush() {
        synchronized (flushLock) {
            List<ArchiveEntry> batch;
            synchronized (queued) {
                batch = new ArrayList<>(queued.values());
            }
            if (batch.isEmpty()) {
                return;
            }
            try (Connection c = dataSource.getConnection()) {
                write(c, batch);
            } catch (SQLException | RuntimeException e) {
                throw failed("archiving " + batch.size() + " entries", "; they stay queued for the next sync", e);
            }
            synchronized (queued) {
                batch.forEach(done -> queued.remove(done.key(), done));
            }
        }
    }

    private void write(Connection c, List<ArchiveEntry> batch) throws SQLException {
        ensureTable(c);
        c.setAutoCommit(false);
        try (PreparedStatement ps = JdbcTables.prepare(c, "INSERT INTO " + table + " (entry_key, run_id, flow, archived_at, "
                + "envelope) VALUES (?, ?, ?, ?, CAST(? AS json)) ON CONFLICT (entry_key) DO NOTHING", timeout)) {
            for (ArchiveEntry entry : batch) {
                ps.setString(1, JdbcTables.storable(entry.key()));
                ps.setString(2, JdbcTables.storable(entry.runId()));
                ps.setString(3, JdbcTables.storable(entry.flow()));
                ps.setObject(4, entry.archivedAt().atOffset(ZoneOffset.UTC));
                ps.setString(5, entry.envelopeText());
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Whether an entry with {@code key} is queued or in the table.
     *
     * @throws ArchiveException when the table cannot be read
     */
    @Override
    public boolean contains(String key) {
        synchronized (queued) {
            if (queued.containsKey(key)) {
                return true;
            }
        }
        return find(key).isPresent();
    }

    /**
     * The archived entry with {@code key}, read from the table (queued entries are not there yet).
     *
     * @throws ArchiveException when the table cannot be read
     */
    public Optional<ArchiveEntry> find(String key) {
        List<ArchiveEntry> found = select("entry_key", key);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * The archived entries of run {@code runId}, by key.
     *
     * @throws ArchiveException when the table cannot be read
     */
    public List<ArchiveEntry> forRun(String runId) {
        return select("run_id", runId);
    }

    private List<ArchiveEntry> select(String column, String value) {
        try (Connection c = dataSource.getConnection()) {
            ensureTable(c);
            try (PreparedStatement ps = JdbcTables.prepare(c, "SELECT entry_key, run_id, flow, archived_at, envelope FROM "
                    + table + " WHERE " + column + " = ? ORDER BY entry_key", timeout)) {
                ps.setString(1, JdbcTables.storable(value));
                List<ArchiveEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ArchiveEntry(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getObject(4, java.time.OffsetDateTime.class).toInstant(),
                                rs.getString(5).getBytes(StandardCharsets.UTF_8)));
                    }
                }
                return out;
            }
        } catch (SQLException e) {
            throw failed("reading", "", e);
        }
    }

    /**
     * {@code failure} of {@code action} as an archive failure, transient or permanent as {@link SqlFailures} classifies
     * it (a wrong password, a missing table: permanent, so the archiver alerts instead of retrying); an authentication
     * failure names no driver text.
     */
    private ArchiveException failed(String action, String outcome, Throwable failure) {
        OrchestratorException classified = SqlFailures.classify("archive store " + table,
                "the database refused the data source's credentials", failure);
        return new ArchiveException(classified.type(), classified.failureClass(), action + " failed: "
                + classified.getMessage() + outcome, failure);
    }

    private void ensureTable(Connection c) throws SQLException {
        if (ready || !createTable) {
            return;
        }
        JdbcTables.create(c, List.of("CREATE TABLE IF NOT EXISTS " + table + " (entry_key text PRIMARY KEY, run_id text NOT NULL, "
                        + "flow text NOT NULL, archived_at timestamptz NOT NULL, envelope json NOT NULL)",
                "CREATE INDEX IF NOT EXISTS " + JdbcTables.indexName(table, "run_id") + " ON " + table + " (run_id)"));
        ready = true;
    }

    /** Entries appended and not yet written by a sync. */
    public int queued() {
        synchronized (queued) {
            return queued.size();
        }
    }

    /**
     * Syncs and stops taking entries; the data source stays open.
     *
     * @throws ArchiveException when the queued entries could not be written
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true; // appends from now on fail, so nothing is queued after the last flush
        flush();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the JDBC archive store on " + table + " is closed");
        }
    }

    @Override
    public String toString() {
        return "JdbcArchiveStore[" + table + ", " + queued() + " queued]";
    }

    /** Builder. Defaults: table {@value #DEFAULT_TABLE}, created when missing, 30 s statement time-out. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private boolean createTable = true;
        private Duration timeout = Duration.ofSeconds(30);

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** @throws IllegalArgumentException when {@code value} is not an identifier (optionally schema.table) */
        public Builder table(String value) {
            this.table = JdbcTables.tableName(value);
            return this;
        }

        /** Whether the table (and its index) is created on first use when missing. */
        public Builder createTable(boolean value) {
            this.createTable = value;
            return this;
        }

        /** @throws IllegalArgumentException when {@code value} is not positive */
        public Builder statementTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("statementTimeout must be positive, was " + value);
            }
            this.timeout = value;
            return this;
        }

        public JdbcArchiveStore build() {
            return new JdbcArchiveStore(this);
        }
    }
}
