package dev.orchestrators.localservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real PostgreSQL from the machine's binaries: password auth over TCP, and its faults (kill, restart). */
class LocalPostgresTest {
    private static LocalPostgres pg;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(LocalPostgres.unavailableReason().isEmpty(), () -> LocalPostgres.unavailableReason().orElseThrow());
        pg = LocalPostgres.startTemporary();
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), LocalPostgres.USER, pg.password());
    }

    @Test
    void shouldAcceptThePasswordFromItsPasswordFileAndRefuseAWrongOne() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(LocalPostgres.USER);
        }
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), LocalPostgres.USER, "wrong"))
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    }

    @Test
    void shouldKeepCommittedRowsAcrossAKillAndARestart() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS survivors (id int primary key)");
            s.execute("INSERT INTO survivors VALUES (1) ON CONFLICT DO NOTHING");
        }
        long before = pg.pid();

        pg.kill();
        assertThat(pg.isRunning()).isFalse();
        assertThatThrownBy(this::connect).isInstanceOf(SQLException.class);
        pg.restart();

        assertThat(pg.pid()).isNotEqualTo(before);
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM survivors")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
