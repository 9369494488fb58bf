package dev.orchestrators.tools.sql;

import static dev.orchestrators.tools.sql.TestDatabase.call;
import static dev.orchestrators.tools.sql.TestDatabase.count;
import static dev.orchestrators.tools.sql.TestDatabase.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.localservers.LocalPostgres;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Payload values reach the real server only as bound parameters: they never change the statement, and come back intact. */
class HostileInputTest {
    private static LocalPostgres pg;
    private static SqlStatementTool write;
    private static SqlQueryTool read;

    @BeforeAll
    static void start() {
        pg = TestDatabase.shared();
        TestDatabase.execute(pg, "DROP TABLE IF EXISTS h_leads",
                "CREATE TABLE h_leads (lead_id text PRIMARY KEY, name text, doc jsonb)",
                "INSERT INTO h_leads VALUES ('L-0', 'sentinel', NULL)");
        write = new SqlStatementTool(settings(pg, "h_write", SqlStatementTool.TYPE,
                Map.of("sql", "INSERT INTO h_leads (lead_id, name, doc) VALUES (:lead_id, :name, :doc::jsonb) RETURNING lead_id")));
        read = new SqlQueryTool(settings(pg, "h_read", SqlQueryTool.TYPE,
                Map.of("sql", "SELECT lead_id, name, doc FROM h_leads WHERE lead_id = :lead_id")));
    }

    @AfterAll
    static void stop() {
        if (write != null) {
            write.close();
            read.close();
        }
    }

    private static ToolResult insert(String leadId, String name, Object doc) {
        java.util.HashMap<String, Object> args = new java.util.HashMap<>();
        args.put("idempotency_key", UUID.randomUUID().toString());
        args.put("lead_id", leadId);
        args.put("name", name);
        args.put("doc", doc);
        return write.invoke(call("h_write", args)).toCompletableFuture().join();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readBack(String leadId) {
        List<Map<String, Object>> records = (List<Map<String, Object>>) read.invoke(call("h_read", Map.of("lead_id", leadId)))
                .toCompletableFuture().join().field("records");
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static OrchestratorException failureOf(CompletionStage<ToolResult> stage) {
        Throwable thrown = catchThrowable(() -> stage.toCompletableFuture().join());
        assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(OrchestratorException.class);
        return (OrchestratorException) thrown.getCause();
    }

    private static void assertTableIntact() {
        assertThat(count(pg, "SELECT count(*) FROM h_leads WHERE lead_id = 'L-0' AND name = 'sentinel'")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"O'Brien \"the\" \\ back\\slash", "'; DROP TABLE h_leads; --", "Robert'); DROP TABLE h_leads;--",
            "x' OR '1'='1", "line one\r\nline two", "$$ :name ? ?? $1 $tag$", "/* not a comment */ -- nor this",
            "ünïcödé ✓ 𝄞"})
    void shouldStoreAndReadBackAHostileValueExactlyWithoutTouchingTheStatement(String hostile) {
        // given a lead whose id and name are the hostile value
        String id = hostile + "#" + UUID.randomUUID();

        // when it is written and read back through the tools
        insert(id, hostile, Map.of("note", hostile));

        // then it came back exactly, and nothing else changed
        Map<String, Object> row = readBack(id);
        assertThat(row.get("lead_id")).isEqualTo(id);
        assertThat(row.get("name")).isEqualTo(hostile);
        assertThat(row.get("doc")).isEqualTo(Map.of("note", hostile));
        assertTableIntact();
    }

    @Test
    void shouldMatchNothingWhenAnInjectionIsTriedThroughAQueryArgument() {
        ToolResult result = read.invoke(call("h_read", Map.of("lead_id", "x' OR '1'='1"))).toCompletableFuture().join();

        assertThat(result.field("row_count")).isEqualTo(0);
        assertTableIntact();
    }

    @Test
    void shouldStoreAndReadBackAOneMegabyteString() {
        String big = "é".repeat(512 * 1024) + "'; DROP TABLE h_leads; --";
        String id = "big-" + UUID.randomUUID();

        insert(id, big, null);

        assertThat(readBack(id).get("name")).isEqualTo(big);
        assertTableIntact();
    }

    @Test
    void shouldRefuseANulByteNamingTheArgumentAndKeepWorking() {
        // when a value holds U+0000, which PostgreSQL text cannot store
        java.util.HashMap<String, Object> args = new java.util.HashMap<>(Map.of("idempotency_key", "nul-1", "lead_id", "nul-1",
                "name", "a\u0000b"));
        args.put("doc", null);
        OrchestratorException failure = failureOf(write.invoke(call("h_write", args)));

        // then it is a permanent refusal that says what and where, and the tool goes on
        assertThat(failure).isInstanceOf(PermanentException.class);
        assertThat(failure.type()).isEqualTo("InputRefused");
        assertThat(failure.getMessage()).contains("argument 'name'", "NUL byte");
        assertThat(count(pg, "SELECT count(*) FROM h_leads WHERE lead_id = 'nul-1'")).isZero();
        assertThat(failureOf(read.invoke(call("h_read", Map.of("lead_id", "a\u0000")))).type()).isEqualTo("InputRefused");
        insert("after-nul", "fine", null);
        assertTableIntact();
    }

    @Test
    void shouldRefuseANulByteInTheIdempotencyKey() {
        OrchestratorException failure = failureOf(write.invoke(call("h_write",
                Map.of("idempotency_key", "k\u0000", "lead_id", "k", "name", "k"))));

        assertThat(failure.type()).isEqualTo("InputRefused");
        assertThat(failure.getMessage()).contains("idempotency_key");
    }

    @Test
    void shouldFailPermanentlyWhenJsonbRefusesAnEscapedNul() {
        // an object binds as JSON text, where U+0000 is the escape \u0000, which jsonb refuses (SQLSTATE 22P05)
        OrchestratorException failure = failureOf(write.invoke(call("h_write", Map.of("idempotency_key", UUID.randomUUID().toString(),
                "lead_id", "jsonb-nul", "name", "n", "doc", Map.of("k", "a\u0000b")))));

        assertThat(failure).isInstanceOf(PermanentException.class);
        assertThat(failure.type()).isEqualTo("DataError");
        assertTableIntact();
    }
}
