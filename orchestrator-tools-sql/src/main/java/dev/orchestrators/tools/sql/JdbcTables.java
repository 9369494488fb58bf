package dev.orchestrators.tools.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** What the JDBC stores share: table names, their DDL, statement time-outs and text PostgreSQL can hold. */
final class JdbcTables {

    private JdbcTables() {
    }

    /**
     * {@code table}, checked to be an identifier (optionally {@code schema.table}).
     *
     * @throws IllegalArgumentException otherwise
     */
    static String tableName(String table) {
        Objects.requireNonNull(table, "table");
        if (!SqlSettings.TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("a table name is an identifier, optionally schema.table: '" + table + "'");
        }
        return table;
    }

    /** The name of an index on {@code table} (in the table's schema): {@code <table>_<suffix>}. */
    static String indexName(String table, String suffix) {
        String bare = table.substring(table.indexOf('.') + 1);
        String name = bare + "_" + suffix;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** Runs {@code ddl} (each {@code IF NOT EXISTS}) in auto-commit; another writer creating them at once is fine. */
    static void create(Connection c, List<String> ddl) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            for (String statement : ddl) {
                try {
                    s.execute(statement);
                } catch (SQLException e) {
                    if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** {@code sql} prepared on {@code c}, cancelled after {@code timeout} (whole seconds, at least one). */
    static PreparedStatement prepare(Connection c, String sql, Duration timeout) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
        return ps;
    }

    /**
     * {@code text} as a lookup column can hold it: PostgreSQL's text cannot hold U+0000, so it becomes U+FFFD there
     * (the record's JSON keeps the exact value, escaped).
     */
    static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }
}
