package dev.orchestrators.tools.sql;

import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.core.config.ConfigKey.Importance;
import dev.orchestrators.core.config.Secret;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The keys of the SQL tools, relative to {@code tool.<name>.}: the connection keys every SQL tool (and a
 * {@link SqlPool} made from settings) reads, and the keys of each tool type. Their reference is generated into
 * {@code docs/configuration.md}.
 */
public final class SqlSettings {
    /** A table name: an identifier, optionally schema-qualified, never quoted (it is put into statement text). */
    static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    public static final ConfigKey<String> JDBC_URL = ConfigKey.ofString("jdbc.url", null,
            "The JDBC URL of the database, e.g. jdbc:postgresql://db:5432/crm?sslmode=require. It must not carry a "
                    + "password: give that by reference in 'password'. Behind Supabase's transaction pooler (port 6543) "
                    + "add prepareThreshold=0 (see docs/tools.md).").required();
    public static final ConfigKey<String> USER = ConfigKey.ofString("user", "",
            "The database user (empty: the driver's default, or the URL's user parameter).").withImportance(Importance.HIGH);
    public static final ConfigKey<Secret> PASSWORD = ConfigKey.ofSecret("password",
            "The database password, by reference (file:/path or env:NAME); read whenever a connection is made, so a "
                    + "rotated file is picked up by the next connection.");
    public static final ConfigKey<Integer> POOL_SIZE = ConfigKey.ofInt("pool.size", 8,
            "Connections in the pool, and threads running calls: at most this many calls run at once.")
            .withValidator(v -> v >= 1 && v <= 1000, "[1,...,1000]");
    public static final ConfigKey<Integer> QUEUE_SIZE = ConfigKey.ofInt("queue.size", -1,
            "Calls that may wait for a connection beyond pool.size; a call beyond that fails at once as a transient "
                    + "Saturated failure (back-pressure). -1: as many as pool.size.")
            .withValidator(v -> v >= -1 && v <= 100_000, "[-1,...,100000]");
    public static final ConfigKey<Long> CONNECTION_TIMEOUT_MS = ConfigKey.ofLong("connection.timeout.ms", 5_000L,
            "How long a call waits to get a connection (the pool's connection time-out, also the login time-out) "
                    + "before failing transiently.").withValidator(v -> v >= 250, "[250,...]");
    public static final ConfigKey<Long> TIMEOUT_MS = ConfigKey.ofLong("timeout.ms", 5_000L,
            "The time-out of each SQL statement: the driver cancels it (SQLSTATE 57014, transient), and a server that "
                    + "does not answer at all is given up one second later (connection lost, transient).")
            .withValidator(v -> v >= 1, "[1,...]");
    public static final ConfigKey<String> SQL = ConfigKey.ofString("sql", null,
            "The one SQL statement the tool runs. Named parameters :name are bound from the call's arguments as JDBC "
                    + "parameters, never spliced into the text; a '?' is an operator (jsonb), not a parameter.").required();
    public static final ConfigKey<Integer> MAX_ROWS = ConfigKey.ofInt("max.rows", 1000,
            "The most rows a call returns as records; when more exist the result says truncated: true.")
            .withValidator(v -> v >= 1 && v < Integer.MAX_VALUE, "[1,...]");
    public static final ConfigKey<String> IDEMPOTENCY_TABLE = ConfigKey.ofString("idempotency.table",
            "orchestrator_tool_idempotency", "The table that records, in the same transaction as the statement, each "
                    + "idempotency key performed and its result (optionally schema-qualified).")
            .withValidator(v -> TABLE_NAME.matcher(v).matches(), "an identifier, optionally schema.table");
    public static final ConfigKey<Boolean> IDEMPOTENCY_CREATE_TABLE = ConfigKey.ofBoolean("idempotency.create.table", true,
            "Whether the idempotency table is created (CREATE TABLE IF NOT EXISTS) on the first call; set false when "
                    + "the tool's user may not create tables and the table was created beforehand.");

    private SqlSettings() {
    }

    /** The keys of a connection pool: URL, credentials, pool and queue sizes, time-outs. */
    public static List<ConfigKey<?>> connectionKeys() {
        return List.of(JDBC_URL, USER, PASSWORD, POOL_SIZE, QUEUE_SIZE, CONNECTION_TIMEOUT_MS, TIMEOUT_MS);
    }

    /** The keys of {@code sql-query}. */
    static List<ConfigKey<?>> queryKeys() {
        return concat(connectionKeys(), List.of(SQL, MAX_ROWS));
    }

    /** The keys of {@code sql-statement}. */
    static List<ConfigKey<?>> statementKeys() {
        return concat(connectionKeys(), List.of(SQL, MAX_ROWS, IDEMPOTENCY_TABLE, IDEMPOTENCY_CREATE_TABLE));
    }

    private static List<ConfigKey<?>> concat(List<ConfigKey<?>> a, List<ConfigKey<?>> b) {
        java.util.ArrayList<ConfigKey<?>> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
