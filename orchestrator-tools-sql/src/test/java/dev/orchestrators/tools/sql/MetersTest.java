package dev.orchestrators.tools.sql;

import static dev.orchestrators.tools.sql.TestDatabase.call;
import static dev.orchestrators.tools.sql.TestDatabase.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.orchestrators.core.errors.SaturatedException;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.localservers.LocalPostgres;
import dev.orchestrators.tools.AdapterMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The adapter meters: calls by outcome and error type, pool gauges, saturation. */
class MetersTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double calls(String outcome, String errorType) {
        var timer = registry.find(AdapterMeters.CALLS).tags("tool", "m_query", "type", "sql-query", "outcome", outcome,
                "error_type", errorType).timer();
        return timer == null ? 0 : timer.count();
    }

    private double gauge(String name) {
        return registry.get(name).tags("tool", "m_query", "type", "sql-query").gauge().value();
    }

    @Test
    void shouldCountCallsByOutcomeAndErrorType() {
        // given
        LocalPostgres pg = TestDatabase.shared();
        try (SqlQueryTool query = new SqlQueryTool(settings(pg, "m_query", SqlQueryTool.TYPE,
                Map.of("sql", "SELECT pg_sleep(:s) AS slept", "timeout.ms", "200")), AdapterMeters.of(registry, "m_query", "sql-query"))) {

            // when one call succeeds, one times out and one lacks its argument
            query.invoke(call("m_query", Map.of("s", 0))).toCompletableFuture().join();
            catchThrowable(() -> query.invoke(call("m_query", Map.of("s", 5))).toCompletableFuture().join());
            catchThrowable(() -> query.invoke(call("m_query", Map.of())).toCompletableFuture().join());
        }

        // then
        assertThat(calls("ok", "none")).isEqualTo(1);
        assertThat(calls("transient", "StatementTimeout")).isEqualTo(1);
        assertThat(calls("permanent", "MissingArgument")).isEqualTo(1);
    }

    @Test
    void shouldShowThePoolInUseAndCountCallsRefusedForSaturation() throws Exception {
        // given one connection, no queue, and the only call held by a lock of the test's
        LocalPostgres pg = TestDatabase.shared();
        try (SqlQueryTool query = new SqlQueryTool(settings(pg, "m_query", SqlQueryTool.TYPE, Map.of("pool.size", "1", "queue.size", "0",
                "sql", "SELECT 1 AS ok FROM pg_advisory_xact_lock_shared(4343)")), AdapterMeters.of(registry, "m_query", "sql-query"));
             Connection lock = TestDatabase.connect(pg); Statement s = lock.createStatement()) {
            s.execute("SELECT pg_advisory_lock(4343)");
            CompletableFuture<ToolResult> held = query.invoke(call("m_query", Map.of())).toCompletableFuture();
            org.awaitility.Awaitility.await().until(() -> gauge(AdapterMeters.IN_USE) == 1);

            // when another call comes
            Throwable refused = catchThrowable(() -> query.invoke(call("m_query", Map.of())).toCompletableFuture().join());

            // then it is refused at once, counted, and the gauges show the pool
            assertThat(refused).hasCauseInstanceOf(SaturatedException.class);
            assertThat(registry.get(AdapterMeters.SATURATED).tags("tool", "m_query").counter().count()).isEqualTo(1);
            assertThat(gauge(AdapterMeters.SIZE)).isEqualTo(1);
            assertThat(gauge(AdapterMeters.WAITING)).isZero();
            s.execute("SELECT pg_advisory_unlock(4343)");
            held.join();
        }
    }
}
