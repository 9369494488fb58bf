package dev.orchestrators.tools.sql;

import dev.orchestrators.core.config.Secret;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.localservers.LocalPostgres;
import dev.orchestrators.tools.ToolSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL the tests run on: one server for the whole test JVM ({@link #shared()}), started from the
 * machine's binaries on first use and stopped when the JVM exits; fault tests start their own. Tests skip, saying
 * what to install, where the machine has no PostgreSQL.
 */
final class TestDatabase {
    private static LocalPostgres shared;

    private TestDatabase() {
    }

    /** Skips the calling test when no server can start here. */
    static void assumeAvailable() {
        Assumptions.assumeTrue(LocalPostgres.unavailableReason().isEmpty(),
                () -> "skipped: " + LocalPostgres.unavailableReason().orElseThrow());
    }

    /** The server shared by the tests that do not fault it. */
    static synchronized LocalPostgres shared() {
        assumeAvailable();
        if (shared == null) {
            shared = LocalPostgres.startTemporary();
            LocalPostgres started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "local-postgres-stop"));
        }
        return shared;
    }

    /** Settings of tool {@code name} of {@code type} on {@code pg}, with {@code extra} keys. */
    static ToolSettings settings(LocalPostgres pg, String name, String type, Map<String, String> extra) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("jdbc.url", pg.jdbcUrl());
        values.put("user", LocalPostgres.USER);
        values.put("password", "file:" + pg.passwordFile());
        values.put("pool.size", "2");
        values.putAll(extra);
        return ToolSettings.of(name, type, values);
    }

    /** A pool of four connections named {@code name} on {@code pg}, for the stores under test. */
    static SqlPool pool(LocalPostgres pg, String name) {
        return SqlPool.newBuilder(name, pg.jdbcUrl()).user(LocalPostgres.USER)
                .password(Secret.parse("file:" + pg.passwordFile())).poolSize(4).build();
    }

    /** A connection of the test's own, outside any tool. */
    static Connection connect(LocalPostgres pg) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), LocalPostgres.USER, pg.password());
    }

    /** Runs {@code sql} statements on a connection of the test's own. */
    static void execute(LocalPostgres pg, String... sql) {
        try (Connection c = connect(pg); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The single number {@code sql} answers. */
    static long count(LocalPostgres pg, String sql) {
        try (Connection c = connect(pg); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A call of {@code tool} with {@code arguments}. */
    static ToolCall call(String tool, Map<String, Object> arguments) {
        return new ToolCall("run-1", "test", "step", tool, 1, arguments);
    }
}
