package dev.orchestrators.tools.sql;

import static dev.orchestrators.tools.sql.TestDatabase.call;
import static dev.orchestrators.tools.sql.TestDatabase.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.localservers.LocalPostgres;
import dev.orchestrators.tools.AdapterMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** JDBC blocks; the SQL tools never let it block the caller, a Kafka Streams thread. */
class ThreadConfinementTest {

    @Test
    void shouldRunEveryJdbcCallOnTheToolsOwnThreadsNeverOnTheStreamThread() throws Exception {
        // given tools that record the thread each JDBC call runs on, and a caller named like a Kafka Streams thread
        LocalPostgres pg = TestDatabase.shared();
        TestDatabase.execute(pg, "CREATE TABLE IF NOT EXISTS t_touch (id int)");
        Set<String> threads = ConcurrentHashMap.newKeySet();
        SqlCalls.Probe probe = () -> threads.add(Thread.currentThread().getName());
        List<CompletableFuture<ToolResult>> results = new ArrayList<>();
        try (SqlQueryTool query = new SqlQueryTool(settings(pg, "t_read", SqlQueryTool.TYPE, Map.of("sql", "SELECT :n::int AS n", "queue.size", "40")),
                AdapterMeters.of(new SimpleMeterRegistry(), "t_read", SqlQueryTool.TYPE), probe);
             SqlStatementTool statement = new SqlStatementTool(settings(pg, "t_write", SqlStatementTool.TYPE,
                     Map.of("sql", "INSERT INTO t_touch VALUES (1)", "queue.size", "40")),
                     AdapterMeters.of(new SimpleMeterRegistry(), "t_write", SqlStatementTool.TYPE), probe)) {
            Thread caller = new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    results.add(query.invoke(call("t_read", Map.of("n", i))).toCompletableFuture());
                    results.add(statement.invoke(call("t_write", Map.of("idempotency_key", "thread-test-" + System.nanoTime() + "-" + i)))
                            .toCompletableFuture());
                }
            }, "lead_sync-2f1e-StreamThread-1");

            // when it makes calls
            caller.start();
            caller.join();
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).join();
        }

        // then every call ran on a tool thread
        assertThat(threads).isNotEmpty().allMatch(name -> name.startsWith("tool-t_read-") || name.startsWith("tool-t_write-"))
                .noneMatch(name -> name.contains("StreamThread"));
    }

    @Test
    void shouldReturnTheStageAtOnceWhileTheDatabaseIsStillWorking() throws Exception {
        // given the test holds a lock the query needs
        LocalPostgres pg = TestDatabase.shared();
        try (SqlQueryTool query = new SqlQueryTool(settings(pg, "t_slow", SqlQueryTool.TYPE,
                Map.of("sql", "SELECT 1 AS ok FROM pg_advisory_xact_lock_shared(4242)")));
             Connection lock = TestDatabase.connect(pg); Statement s = lock.createStatement()) {
            s.execute("SELECT pg_advisory_lock(4242)");

            // when the caller invokes the tool
            CompletableFuture<ToolResult> stage = query.invoke(call("t_slow", Map.of())).toCompletableFuture();

            // then it holds a stage that is not done, and that completes once the database answers
            assertThat(stage).isNotDone();
            s.execute("SELECT pg_advisory_unlock(4242)");
            assertThat(stage.join().field("row_count")).isEqualTo(1);
        }
    }
}
