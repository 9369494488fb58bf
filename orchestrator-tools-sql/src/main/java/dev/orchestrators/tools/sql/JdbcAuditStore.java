package dev.orchestrators.tools.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.audit.AuditStore;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * An {@link AuditStore} in a PostgreSQL table, one row per record, in append order:
 *
 * <pre>{@code
 * CREATE TABLE IF NOT EXISTS orchestrator_audit (
 *     seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
 *     run_id       text        NOT NULL,
 *     audit_key    text        NOT NULL,   -- AuditRecord.key(): what the record is final for
 *     kind         text        NOT NULL,
 *     orchestrator text        NOT NULL,
 *     subject      text,
 *     at           timestamptz NOT NULL,
 *     record       json        NOT NULL)   -- the whole record, as the audit topic has it
 * CREATE INDEX IF NOT EXISTS orchestrator_audit_run_id ON orchestrator_audit (run_id, seq)
 * }</pre>
 *
 * <p>{@link #append} commits the record (auto-commit) before it returns, or throws: a {@code TransientException}
 * (connection lost, time-out) or a {@code PermanentException} ({@link SqlFailures}); a failed audit write is never
 * ignored. An append retried after a lost connection may store the record twice (the write may have committed);
 * readers keep the last record per {@code audit_key}, as the compacted audit topic does. {@link #forRun} answers
 * a run's records in {@code seq} order, which is append order. The lookup columns hold U+0000 as U+FFFD (PostgreSQL
 * text cannot hold it); the {@code record} JSON keeps the exact values.
 *
 * <p>The store does not own its {@link DataSource}. The table is created on first use unless
 * {@link Builder#createTable(boolean) createTable(false)}. Thread-safe.
 */
public final class JdbcAuditStore implements AuditStore {
    /** The default table. */
    public static final String DEFAULT_TABLE = "orchestrator_audit";

    private final DataSource dataSource;
    private final String table;
    private final boolean createTable;
    private final Duration timeout;
    private volatile boolean ready;

    private JdbcAuditStore(Builder b) {
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
     * Persists {@code record}.
     *
     * @throws OrchestratorException transient or permanent as {@link SqlFailures} classifies the database's answer;
     *                               a {@code PermanentException} when the record cannot be written as JSON
     */
    @Override
    public void append(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        String json = json(record);
        try (Connection c = dataSource.getConnection()) {
            ensureTable(c);
            try (PreparedStatement ps = JdbcTables.prepare(c, "INSERT INTO " + table + " (run_id, audit_key, kind, orchestrator, "
                    + "subject, at, record) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS json))", timeout)) {
                ps.setString(1, JdbcTables.storable(record.runId()));
                ps.setString(2, JdbcTables.storable(record.key()));
                ps.setString(3, record.kind().name().toLowerCase(Locale.ROOT));
                ps.setString(4, JdbcTables.storable(record.orchestrator()));
                ps.setString(5, JdbcTables.storable(record.subject()));
                ps.setObject(6, record.at().atOffset(ZoneOffset.UTC));
                ps.setString(7, json);
                ps.executeUpdate();
            }
        } catch (SQLException | RuntimeException e) {
            throw SqlFailures.classify("audit store " + table, "the database refused the data source's credentials", e);
        }
    }

    /**
     * Every record of {@code runId}, in append order.
     *
     * @throws OrchestratorException as {@link SqlFailures} classifies the database's answer
     */
    @Override
    public List<AuditRecord> forRun(String runId) {
        try (Connection c = dataSource.getConnection()) {
            ensureTable(c);
            try (PreparedStatement ps = JdbcTables.prepare(c, "SELECT record FROM " + table + " WHERE run_id = ? ORDER BY seq", timeout)) {
                ps.setString(1, JdbcTables.storable(runId));
                List<AuditRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Json.mapper().readValue(rs.getString(1), AuditRecord.class));
                    }
                }
                return out;
            }
        } catch (SQLException | RuntimeException | JsonProcessingException e) {
            throw SqlFailures.classify("audit store " + table, "the database refused the data source's credentials", e);
        }
    }

    private void ensureTable(Connection c) throws SQLException {
        if (ready || !createTable) {
            return;
        }
        JdbcTables.create(c, List.of("CREATE TABLE IF NOT EXISTS " + table + " (seq bigint GENERATED ALWAYS AS IDENTITY "
                        + "PRIMARY KEY, run_id text NOT NULL, audit_key text NOT NULL, kind text NOT NULL, orchestrator text "
                        + "NOT NULL, subject text, at timestamptz NOT NULL, record json NOT NULL)",
                "CREATE INDEX IF NOT EXISTS " + JdbcTables.indexName(table, "run_id") + " ON " + table + " (run_id, seq)"));
        ready = true;
    }

    private static String json(AuditRecord record) {
        try {
            return Json.mapper().writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new PermanentException("AuditRecordNotJson", "the audit record of run " + record.runId()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "JdbcAuditStore[" + table + "]";
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

        public JdbcAuditStore build() {
            return new JdbcAuditStore(this);
        }
    }
}
