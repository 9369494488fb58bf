package dev.orchestrators.tools.sql;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.ToolCalls;
import dev.orchestrators.tools.ToolSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code sql-statement} tool (WRITE): runs its one configured {@code INSERT}, {@code UPDATE} or {@code DELETE}
 * (optionally {@code RETURNING}) at most once per idempotency key, with the call's arguments bound to its named
 * parameters ({@code :idempotency_key} included, to store it in a column).
 *
 * <pre>{@code
 * tool.crm_write.type=sql-statement
 * tool.crm_write.sql=INSERT INTO crm_accounts (account_id, email, plan) VALUES (:account_id, :email, :plan) RETURNING id
 * }</pre>
 *
 * <p><b>Idempotency.</b> The statement and its key's row in {@code idempotency.table} commit in one transaction
 * ({@link IdempotencyTable}): a repeated key answers the first result with {@code "repeated": true} and changes
 * nothing; two calls with the same key at once perform it once (the second waits for the first to commit, within
 * the statement time-out, and answers its result). So every failure, a lost connection during the commit
 * included, can be retried: the retry either finds the key (the first attempt committed) or performs the
 * statement (it did not). A call without {@code idempotency_key} is refused ({@code MissingIdempotencyKey}).
 *
 * <p><b>Result.</b> {@code rows_affected}; with {@code RETURNING}, the first row's columns at the top level (an
 * executor reading {@code id} finds it) and every row in {@code records} (at most {@code max.rows}); and
 * {@code repeated}. These three names win over returned columns of the same name. The result a repeat answers is
 * the first one exactly (it is stored as JSON and read back the same way both times).
 *
 * <p>Runs like {@link SqlQueryTool}: its own pool and threads, statement time-out, failures classified by
 * {@link SqlFailures}. Thread-safe.
 */
public final class SqlStatementTool extends SqlTool {
    /** The {@code tool.<name>.type} of this tool. */
    public static final String TYPE = "sql-statement";

    private final IdempotencyTable idempotency;

    /**
     * The tool {@code settings} configure, with meters in the global registry.
     *
     * @throws ConfigurationException naming the key, for a bad setting or an SQL text that does not parse
     */
    public SqlStatementTool(ToolSettings settings) {
        this(settings, AdapterMeters.global(settings.toolName(), TYPE));
    }

    /** The tool {@code settings} configure, with {@code meters}. */
    public SqlStatementTool(ToolSettings settings, AdapterMeters meters) {
        this(settings, meters, SqlCalls.Probe.NONE);
    }

    SqlStatementTool(ToolSettings settings, AdapterMeters meters, SqlCalls.Probe probe) {
        super(settings, SqlSettings.statementKeys(), TYPE, Capability.WRITE, meters, probe);
        this.idempotency = new IdempotencyTable(settings.get(SqlSettings.IDEMPOTENCY_TABLE),
                settings.get(SqlSettings.IDEMPOTENCY_CREATE_TABLE));
    }

    /**
     * Performs the statement once for the call's idempotency key; the stage fails with a permanent
     * {@code MissingIdempotencyKey}, {@code MissingArgument} or {@code InputRefused} for a bad call, a transient
     * {@code Saturated} failure at once when the tool's threads and queue are full, and otherwise as
     * {@link SqlFailures} classifies the database's answer.
     */
    @Override
    public CompletionStage<ToolResult> invoke(ToolCall call) {
        String key;
        try {
            key = ToolCalls.requireIdempotencyKey(call);
            if (calls.pool().isPostgres() && key.indexOf('\u0000') >= 0) {
                throw ToolCalls.refused(name(), "the idempotency_key contains a NUL byte (U+0000), which PostgreSQL text cannot store");
            }
        } catch (PermanentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return calls.run(connection -> ToolResult.of(idempotency.perform(calls, connection, key, c -> execute(c, call))));
    }

    private Map<String, Object> execute(Connection connection, ToolCall call) throws SQLException {
        try (PreparedStatement statement = calls.prepare(connection, sql.jdbcSql())) {
            Parameters.bind(name(), sql, call.arguments(), connection, statement, calls.pool().isPostgres());
            Map<String, Object> result = new LinkedHashMap<>();
            if (!statement.execute()) {
                result.put("rows_affected", statement.getLargeUpdateCount());
                return result;
            }
            try (ResultSet rs = statement.getResultSet()) {
                JsonRows.Rows rows = JsonRows.read(name(), rs, maxRows);
                if (!rows.records().isEmpty()) {
                    result.putAll(rows.records().get(0));
                }
                result.put("rows_affected", (long) rows.total());
                if (!rows.records().isEmpty()) {
                    result.put("records", rows.records());
                }
                if (rows.truncated()) {
                    result.put("truncated", true);
                }
                return result;
            }
        }
    }
}
