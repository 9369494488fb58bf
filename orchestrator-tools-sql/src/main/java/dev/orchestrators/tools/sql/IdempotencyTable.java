package dev.orchestrators.tools.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The table that makes a statement happen at most once per idempotency key: one row per (tool name, key) with
 * the statement's result as JSON text and when it was performed,
 *
 * <pre>{@code
 * CREATE TABLE IF NOT EXISTS orchestrator_tool_idempotency (
 *     tool_name       text        NOT NULL,
 *     idempotency_key text        NOT NULL,
 *     result          text,
 *     performed_at    timestamptz NOT NULL DEFAULT now(),
 *     PRIMARY KEY (tool_name, idempotency_key))
 * }</pre>
 *
 * <p>{@link #perform} claims the key ({@code INSERT ... ON CONFLICT DO NOTHING}), runs the statement, records its
 * result and commits, all in one transaction: the statement and its key are durable together or not at all. A
 * concurrent call with the same key waits on the claimed row (bounded by the statement time-out) until the first
 * commits, and then answers the stored result, or performs the statement itself if the first rolled back. A
 * repeat after a commit answers the stored result without running the statement. Thread-safe.
 */
final class IdempotencyTable {
    private final String table;
    private final boolean create;
    private final String claimSql;
    private final String storedSql;
    private final String recordSql;
    private volatile boolean ready;

    IdempotencyTable(String table, boolean create) {
        this.table = table;
        this.create = create;
        this.claimSql = "INSERT INTO " + table + " (tool_name, idempotency_key) VALUES (?, ?) "
                + "ON CONFLICT (tool_name, idempotency_key) DO NOTHING";
        this.storedSql = "SELECT result FROM " + table + " WHERE tool_name = ? AND idempotency_key = ?";
        this.recordSql = "UPDATE " + table + " SET result = ? WHERE tool_name = ? AND idempotency_key = ?";
    }

    /** The table's DDL (PostgreSQL). */
    String ddl() {
        return "CREATE TABLE IF NOT EXISTS " + table + " (tool_name text NOT NULL, idempotency_key text NOT NULL, "
                + "result text, performed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (tool_name, idempotency_key))";
    }

    /**
     * Performs {@code statement} once for ({@code tool}, {@code key}); answers its result with {@code repeated}
     * false, or, when the key was performed before, the stored result with {@code repeated} true.
     */
    Map<String, Object> perform(SqlCalls calls, Connection c, String key, SqlCalls.Work<Map<String, Object>> statement)
            throws SQLException {
        ensureTable(c);
        c.setAutoCommit(false);
        try {
            Optional<String> earlier = claim(calls, c, key);
            if (earlier.isPresent()) {
                c.rollback();
                return answer(calls.tool(), earlier.get(), true);
            }
            String result = json(calls.tool(), statement.run(c));
            try (PreparedStatement ps = calls.prepare(c, recordSql)) {
                ps.setString(1, result);
                ps.setString(2, calls.tool());
                ps.setString(3, key);
                ps.executeUpdate();
            }
            c.commit();
            return answer(calls.tool(), result, false);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        }
    }

    /** Claims the key; empty when this transaction holds it now, else the result stored by the one that did. */
    private Optional<String> claim(SqlCalls calls, Connection c, String key) throws SQLException {
        try (PreparedStatement ps = calls.prepare(c, claimSql)) {
            ps.setString(1, calls.tool());
            ps.setString(2, key);
            if (ps.executeUpdate() == 1) {
                return Optional.empty();
            }
        }
        try (PreparedStatement ps = calls.prepare(c, storedSql)) {
            ps.setString(1, calls.tool());
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                // The conflicting row is committed (ON CONFLICT waited for its transaction), so it is visible here.
                return Optional.of(rs.next() && rs.getString(1) != null ? rs.getString(1) : "{}");
            }
        }
    }

    /** Creates the table once per process (the first calls wait for it); another process creating it too is fine. */
    private void ensureTable(Connection c) throws SQLException {
        if (ready || !create) {
            return;
        }
        synchronized (this) {
            if (!ready) {
                JdbcTables.create(c, List.of(ddl()));
                ready = true;
            }
        }
    }

    private static String json(String tool, Map<String, Object> result) {
        try {
            return Json.mapper().writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new PermanentException("ResultNotJson", "tool '" + tool + "': the statement's result cannot be written as "
                    + "JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The result as a repeat would see it (read back from its JSON), with {@code repeated}. */
    private static Map<String, Object> answer(String tool, String json, boolean repeated) {
        Object value = JsonRows.json(json);
        if (!(value instanceof Map<?, ?> map)) {
            throw new PermanentException("ResultNotJson", "tool '" + tool + "': the stored result is not a JSON object", null);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        out.put("repeated", repeated);
        return out;
    }

    private static void rollbackQuietly(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e); // the connection is likely broken; the pool discards it
        }
    }
}
