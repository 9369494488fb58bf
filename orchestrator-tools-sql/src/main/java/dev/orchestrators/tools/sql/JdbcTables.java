package dev.orchestrators.tools.sql;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.orchestrators.core.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
                    if (!createdConcurrently(e)) {
                        throw e;
                    }
                }
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Whether {@code e}, raised by a {@code CREATE ... IF NOT EXISTS}, only says that another connection created the
     * same object at the same moment: PostgreSQL's check is not atomic, so the loser sees the table's row type
     * ({@code 42710} duplicate_object, or {@code 23505} on {@code pg_type}) or the table ({@code 42P07}) already there.
     */
    static boolean createdConcurrently(SQLException e) {
        String state = e.getSQLState();
        return "23505".equals(state) || "42P07".equals(state) || "42710".equals(state);
    }

    /** {@code sql} prepared on {@code c}, cancelled after {@code timeout} (whole seconds, at least one). */
    static PreparedStatement prepare(Connection c, String sql, Duration timeout) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
        return ps;
    }

    /**
     * Checks that {@code json} is one JSON object in UTF-8 (what a {@code json} column takes and an archive keeps).
     *
     * @throws IllegalArgumentException naming {@code key}, otherwise
     */
    static void requireJsonObject(String key, byte[] json) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(json));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the envelope JSON of " + key + " is not UTF-8");
        }
        try (JsonParser parser = Json.mapper().getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the envelope JSON of " + key + " is not a JSON object");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("the envelope JSON of " + key + " has content after its object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the envelope JSON of " + key + " is not well-formed: " + e.getMessage(), e);
        }
    }

    /**
     * {@code text} as a lookup column can hold it: PostgreSQL's text cannot hold U+0000, so it becomes U+FFFD there
     * (the record's JSON keeps the exact value, escaped).
     */
    static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }
}
