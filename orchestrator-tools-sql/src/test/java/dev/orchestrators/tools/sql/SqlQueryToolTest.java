package dev.orchestrators.tools.sql;

import static dev.orchestrators.tools.sql.TestDatabase.call;
import static dev.orchestrators.tools.sql.TestDatabase.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.localservers.LocalPostgres;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** sql-query on a real PostgreSQL: named parameters bound, rows as JSON-friendly records, limits, failures. */
class SqlQueryToolTest {
    private static LocalPostgres pg;
    private SqlQueryTool tool;

    @BeforeAll
    static void createTables() {
        pg = TestDatabase.shared();
        TestDatabase.execute(pg, "DROP TABLE IF EXISTS q_leads",
                "CREATE TABLE q_leads (lead_id text PRIMARY KEY, name text, score int, revenue numeric, ratio float8, "
                        + "active boolean, created timestamptz, local_at timestamp, born date, profile jsonb, tags text[], "
                        + "raw bytea, ref uuid, nothing text)",
                "INSERT INTO q_leads VALUES ('L-1', 'Ada', 42, 1234.50, 0.25, true, '2024-05-01 10:00:00+02', "
                        + "'2024-05-01 10:00:00', '1815-12-10', '{\"city\": \"London\", \"langs\": [\"en\", \"fr\"], \"weight\": 1.10}', "
                        + "'{a,b}', '\\x0102', '6f1c1a36-7c0f-4c0e-9a57-0d3c8e1f0b11', NULL)",
                "INSERT INTO q_leads (lead_id, name, score) SELECT 'B-' || g, 'bulk ' || g, g FROM generate_series(1, 30) g");
    }

    @AfterEach
    void close() {
        if (tool != null) {
            tool.close();
        }
    }

    private SqlQueryTool tool(String sql, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(extra);
        values.put("sql", sql);
        tool = new SqlQueryTool(settings(pg, "data_coordinator", SqlQueryTool.TYPE, values));
        return tool;
    }

    private static ToolResult join(java.util.concurrent.CompletionStage<ToolResult> stage) {
        return stage.toCompletableFuture().join();
    }

    private static OrchestratorException failureOf(java.util.concurrent.CompletionStage<ToolResult> stage) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> stage.toCompletableFuture().join());
        assertThat(thrown).isInstanceOf(CompletionException.class);
        assertThat(thrown.getCause()).isInstanceOf(OrchestratorException.class);
        return (OrchestratorException) thrown.getCause();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldAnswerTheRowAsARecordOfJsonFriendlyValues() {
        // given
        SqlQueryTool query = tool("SELECT * FROM q_leads WHERE lead_id = :lead_id", Map.of());

        // when
        ToolResult result = join(query.invoke(call("data_coordinator", Map.of("lead_id", "L-1"))));

        // then
        assertThat(result.field("row_count")).isEqualTo(1);
        assertThat(result.field("truncated")).isEqualTo(false);
        Map<String, Object> row = ((List<Map<String, Object>>) result.field("records")).get(0);
        assertThat(row).containsEntry("lead_id", "L-1").containsEntry("name", "Ada").containsEntry("score", 42)
                .containsEntry("revenue", new BigDecimal("1234.50")).containsEntry("ratio", 0.25).containsEntry("active", true)
                .containsEntry("created", "2024-05-01T08:00:00Z").containsEntry("local_at", "2024-05-01T10:00:00")
                .containsEntry("born", "1815-12-10").containsEntry("tags", List.of("a", "b")).containsEntry("raw", "AQI=")
                .containsEntry("ref", "6f1c1a36-7c0f-4c0e-9a57-0d3c8e1f0b11").containsEntry("nothing", null);
        assertThat(row.get("profile")).isEqualTo(Map.of("city", "London", "langs", List.of("en", "fr"), "weight", new BigDecimal("1.10")));
        assertThat(row.keySet()).startsWith("lead_id", "name", "score");
    }

    @Test
    void shouldAnswerNoRecordsWhenNothingMatches() {
        ToolResult result = join(tool("SELECT * FROM q_leads WHERE lead_id = :lead_id", Map.of())
                .invoke(call("data_coordinator", Map.of("lead_id", "nobody"))));

        assertThat(result.fields()).containsEntry("records", List.of()).containsEntry("row_count", 0).containsEntry("truncated", false);
    }

    @Test
    void shouldStopAtMaxRowsAndSayTheResultWasTruncated() {
        SqlQueryTool query = tool("SELECT lead_id FROM q_leads WHERE lead_id LIKE 'B-%' ORDER BY score", Map.of("max.rows", "10"));

        ToolResult result = join(query.invoke(call("data_coordinator", Map.of())));

        assertThat((List<?>) result.field("records")).hasSize(10);
        assertThat(result.fields()).containsEntry("row_count", 10).containsEntry("truncated", true);
    }

    @Test
    void shouldNotSayTruncatedWhenExactlyMaxRowsExist() {
        SqlQueryTool query = tool("SELECT lead_id FROM q_leads WHERE lead_id LIKE 'B-%'", Map.of("max.rows", "30"));

        assertThat(join(query.invoke(call("data_coordinator", Map.of()))).fields()).containsEntry("row_count", 30)
                .containsEntry("truncated", false);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldBindListsAsArraysNumbersAsNumbersAndNullAsNull() {
        // given
        SqlQueryTool query = tool("SELECT lead_id FROM q_leads WHERE lead_id = ANY(:ids) AND score >= :min "
                + "AND (:owner::text IS NULL OR name = :owner) ORDER BY lead_id", Map.of());
        Map<String, Object> args = new HashMap<>();
        args.put("ids", List.of("B-1", "B-2", "B-3", "L-1"));
        args.put("min", 2);
        args.put("owner", null);

        // when
        ToolResult result = join(query.invoke(call("data_coordinator", args)));

        // then
        assertThat(((List<Map<String, Object>>) result.field("records")).stream().map(r -> r.get("lead_id")))
                .containsExactly("B-2", "B-3", "L-1");
    }

    @Test
    void shouldLetTheServerCastAStringArgumentToTheColumnsType() {
        SqlQueryTool query = tool("SELECT lead_id FROM q_leads WHERE ref = :ref AND created < :before", Map.of());

        ToolResult result = join(query.invoke(call("data_coordinator",
                Map.of("ref", "6f1c1a36-7c0f-4c0e-9a57-0d3c8e1f0b11", "before", "2025-01-01T00:00:00Z"))));

        assertThat(result.field("row_count")).isEqualTo(1);
    }

    @Test
    void shouldFailPermanentlyNamingAMissingArgument() {
        SqlQueryTool query = tool("SELECT * FROM q_leads WHERE lead_id = :lead_id", Map.of());

        OrchestratorException failure = failureOf(query.invoke(call("data_coordinator", Map.of("id", "L-1"))));

        assertThat(failure).isInstanceOf(PermanentException.class);
        assertThat(failure.type()).isEqualTo("MissingArgument");
        assertThat(failure.getMessage()).contains("'lead_id'");
    }

    @Test
    void shouldFailPermanentlyOnASyntaxErrorFromTheServer() {
        SqlQueryTool query = tool("SELECT lead_id FROM q_leads WHERE lead_id = = :lead_id", Map.of());

        OrchestratorException failure = failureOf(query.invoke(call("data_coordinator", Map.of("lead_id", "L-1"))));

        assertThat(failure).isInstanceOf(PermanentException.class);
        assertThat(failure.type()).isEqualTo("SyntaxError");
        assertThat(failure.getMessage()).contains("SQLSTATE 42601");
    }

    @Test
    void shouldFailTransientlyWhenTheStatementTimesOut() {
        // given a query that sleeps well past the statement time-out
        SqlQueryTool query = tool("SELECT pg_sleep(:seconds)", Map.of("timeout.ms", "300"));
        long start = System.nanoTime();

        // when
        OrchestratorException failure = failureOf(query.invoke(call("data_coordinator", Map.of("seconds", 10))));

        // then the server cancelled it (57014) soon after the time-out
        assertThat(failure).isInstanceOf(TransientException.class);
        assertThat(failure.type()).isEqualTo("StatementTimeout");
        assertThat(failure.getMessage()).contains("SQLSTATE 57014");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(3));
    }

    @Test
    void shouldRefuseAColumnLabelledTwiceRatherThanLoseAValue() {
        SqlQueryTool query = tool("SELECT lead_id AS id, name AS id FROM q_leads WHERE lead_id = 'L-1'", Map.of());

        OrchestratorException failure = failureOf(query.invoke(call("data_coordinator", Map.of())));

        assertThat(failure.type()).isEqualTo("DuplicateColumn");
        assertThat(failure.getMessage()).contains("'id'", "AS");
    }

    @Test
    void shouldRefuseAStatementThatIsNotAQueryAtStartUp() {
        assertThatThrownBy(() -> tool("DELETE FROM q_leads WHERE lead_id = :lead_id", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("tool.data_coordinator.sql must be a query");
    }

    @Test
    void shouldRefuseSqlThatDoesNotParseAtStartUpNamingTheKey() {
        assertThatThrownBy(() -> tool("SELECT 'unterminated FROM q_leads", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("tool.data_coordinator.sql: unterminated string starting at offset 7");
    }

    @Test
    void shouldAcceptAQueryStartingWithACommentOrAWithClause() {
        tool("-- the lead\n/* by id */ WITH l AS (SELECT * FROM q_leads) SELECT lead_id FROM l WHERE lead_id = :id", Map.of());

        assertThat(join(tool.invoke(call("data_coordinator", Map.of("id", "L-1")))).field("row_count")).isEqualTo(1);
        assertThat(tool.capability()).isEqualTo(Capability.READ);
        assertThat(tool.type()).isEqualTo("sql-query");
    }
}
