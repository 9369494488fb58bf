package dev.orchestrators.tools.sql;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.ToolSettings;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * The {@code sql-query} tool (READ): runs its one configured query with the call's arguments bound to its named
 * parameters and answers {@code {"records": [row, ...], "row_count": n, "truncated": false}}, a row being a map
 * from column label to a JSON value ({@link JsonRows}), at most {@code max.rows} of them ({@code truncated: true}
 * when more existed; at most one more row is fetched to know).
 *
 * <pre>{@code
 * tool.data_coordinator.type=sql-query
 * tool.data_coordinator.jdbc.url=jdbc:postgresql://db:5432/crm
 * tool.data_coordinator.user=crm_reader
 * tool.data_coordinator.password=file:/run/secrets/crm
 * tool.data_coordinator.sql=SELECT lead_id, name, email, company_domain FROM leads WHERE lead_id = :lead_id
 * }</pre>
 *
 * <p>The query runs in auto-commit on a pooled connection, on one of {@code pool.size} threads named
 * {@code tool-<name>-<n>}, never the caller's; each statement is cancelled after {@code timeout.ms}. Arguments are
 * only ever bound as parameters ({@link Parameters}); a missing one fails permanently naming it. Failures are
 * classified by {@link SqlFailures}. The SQL must be a query ({@code SELECT}, {@code WITH}, {@code VALUES},
 * {@code TABLE}, {@code SHOW}, {@code EXPLAIN}); give the tool's user only {@code SELECT} privileges. Thread-safe.
 */
public final class SqlQueryTool extends SqlTool {
    /** The {@code tool.<name>.type} of this tool. */
    public static final String TYPE = "sql-query";
    private static final Pattern QUERY = Pattern.compile("(?is)^(\\s|--[^\\n]*(\\n|$)|/\\*.*?\\*/|\\()*"
            + "(select|with|values|table|show|explain)\\b.*");

    /**
     * The tool {@code settings} configure, with meters in the global registry.
     *
     * @throws ConfigurationException naming the key, for a bad setting or an SQL text that does not parse
     */
    public SqlQueryTool(ToolSettings settings) {
        this(settings, AdapterMeters.global(settings.toolName(), TYPE));
    }

    /** The tool {@code settings} configure, with {@code meters}. */
    public SqlQueryTool(ToolSettings settings, AdapterMeters meters) {
        this(settings, meters, SqlCalls.Probe.NONE);
    }

    SqlQueryTool(ToolSettings settings, AdapterMeters meters, SqlCalls.Probe probe) {
        super(requireQuery(settings), SqlSettings.queryKeys(), TYPE, Capability.READ, meters, probe);
    }

    /** {@code settings}, once their SQL is known to be a query: a sql-query tool is READ. */
    private static ToolSettings requireQuery(ToolSettings settings) {
        settings.validate(SqlSettings.queryKeys());
        if (!QUERY.matcher(settings.get(SqlSettings.SQL)).matches()) {
            throw new ConfigurationException(settings.qualified(SqlSettings.SQL.name()) + " must be a query (SELECT, WITH, "
                    + "VALUES, TABLE, SHOW or EXPLAIN): a sql-query tool is READ; use a sql-statement tool to change data");
        }
        return settings;
    }

    /**
     * Runs the query; the stage fails with a transient {@code Saturated} failure at once when the tool's threads
     * and queue are full, a permanent {@code MissingArgument} or {@code InputRefused} for a bad argument, and
     * otherwise as {@link SqlFailures} classifies the database's answer.
     */
    @Override
    public CompletionStage<ToolResult> invoke(ToolCall call) {
        return calls.run(connection -> {
            try (PreparedStatement statement = calls.prepare(connection, sql.jdbcSql())) {
                statement.setMaxRows(maxRows + 1);
                Parameters.bind(name(), sql, call.arguments(), connection, statement, calls.pool().isPostgres());
                try (ResultSet rs = statement.executeQuery()) {
                    JsonRows.Rows rows = JsonRows.read(name(), rs, maxRows);
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("records", rows.records());
                    result.put("row_count", rows.records().size());
                    result.put("truncated", rows.truncated());
                    return ToolResult.of(result);
                }
            }
        });
    }
}
