package dev.orchestrators.tools.sql;

import static dev.orchestrators.tools.sql.TestDatabase.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.localservers.LocalPostgres;
import dev.orchestrators.tools.ToolHealth;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The health check answers, up or down, never fails, and stays short. */
class HealthCheckTest {

    @Test
    void shouldReportAReachableDatabase() {
        LocalPostgres pg = TestDatabase.shared();
        try (SqlQueryTool tool = new SqlQueryTool(settings(pg, "h_up", SqlQueryTool.TYPE, Map.of("sql", "SELECT 1")))) {
            ToolHealth health = tool.checkHealth().toCompletableFuture().join();

            assertThat(health.reachable()).isTrue();
            assertThat(health.detail()).startsWith("SELECT 1 answered by PostgreSQL 15");
        }
    }

    @Test
    void shouldReportAnUnreachableDatabaseQuicklyWithoutFailing() throws Exception {
        // given a port nothing listens on
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> values = Map.of("sql", "SELECT 1", "jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/nothing",
                "connection.timeout.ms", "1000");
        try (SqlQueryTool tool = new SqlQueryTool(settings(TestDatabase.shared(), "h_down", SqlQueryTool.TYPE, values))) {

            // when
            ToolHealth health = tool.checkHealth().toCompletableFuture().join();

            // then
            assertThat(health.reachable()).isFalse();
            assertThat(health.detail()).startsWith("CannotConnect (SQLSTATE 08001)");
            assertThat(health.took()).isLessThan(Duration.ofSeconds(5));
        }
    }
}
