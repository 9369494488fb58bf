package dev.orchestrators.tools.sql;

import static dev.orchestrators.tools.sql.TestDatabase.call;
import static dev.orchestrators.tools.sql.TestDatabase.count;
import static dev.orchestrators.tools.sql.TestDatabase.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.localservers.LocalPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** sql-statement on a real PostgreSQL: RETURNING flattened, each idempotency key performed once, failures classified. */
class SqlStatementToolTest {
    private static final String INSERT = "INSERT INTO s_accounts (account_id, email, plan) VALUES (:account_id, :email, :plan) RETURNING id";
    private static LocalPostgres pg;
    private final List<SqlStatementTool> tools = new ArrayList<>();

    @BeforeAll
    static void createTables() {
        pg = TestDatabase.shared();
        TestDatabase.execute(pg, "DROP TABLE IF EXISTS s_accounts", "DROP TABLE IF EXISTS s_deadlock",
                "CREATE TABLE s_accounts (id bigserial PRIMARY KEY, account_id text NOT NULL, email text UNIQUE, plan text)",
                "CREATE TABLE s_deadlock (id int PRIMARY KEY, v int)", "INSERT INTO s_deadlock VALUES (1, 0), (2, 0)");
    }

    @AfterEach
    void close() {
        tools.forEach(SqlStatementTool::close);
    }

    private SqlStatementTool tool(String name, String sql, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(extra);
        values.put("sql", sql);
        SqlStatementTool tool = new SqlStatementTool(settings(pg, name, SqlStatementTool.TYPE, values));
        tools.add(tool);
        return tool;
    }

    private static Map<String, Object> account(String key, String accountId, String email) {
        Map<String, Object> args = new HashMap<>();
        args.put("idempotency_key", key);
        args.put("account_id", accountId);
        args.put("email", email);
        args.put("plan", "team");
        return args;
    }

    private static String key() {
        return "run-" + UUID.randomUUID() + ":create_crm_record";
    }

    private static OrchestratorException failureOf(CompletionStage<ToolResult> stage) {
        Throwable thrown = catchThrowable(() -> stage.toCompletableFuture().join());
        assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(OrchestratorException.class);
        return (OrchestratorException) thrown.getCause();
    }

    @Test
    void shouldAnswerTheReturnedIdAtTheTopLevelAndTheRowsAsRecords() {
        // given
        SqlStatementTool crm = tool("crm_write", INSERT, Map.of());

        // when
        ToolResult result = crm.invoke(call("crm_write", account(key(), "A-1", "a1@acme.example"))).toCompletableFuture().join();

        // then
        Object id = result.field("id");
        assertThat(id).isInstanceOf(Number.class);
        assertThat(result.fields()).containsEntry("rows_affected", 1).containsEntry("repeated", false)
                .containsEntry("records", List.of(Map.of("id", id)));
        assertThat(count(pg, "SELECT count(*) FROM s_accounts WHERE account_id = 'A-1'")).isEqualTo(1);
        assertThat(crm.capability()).isEqualTo(Capability.WRITE);
    }

    @Test
    void shouldAnswerTheFirstResultAndChangeNothingWhenTheKeyRepeats() {
        // given a statement performed once under a key
        SqlStatementTool crm = tool("crm_write", INSERT, Map.of());
        String key = key();
        ToolResult first = crm.invoke(call("crm_write", account(key, "A-2", "a2@acme.example"))).toCompletableFuture().join();

        // when the same key comes again (a retry, a replay), even with other arguments
        ToolResult again = crm.invoke(call("crm_write", account(key, "A-2-other", "other@acme.example"))).toCompletableFuture().join();

        // then
        assertThat(again.field("repeated")).isEqualTo(true);
        Map<String, Object> withoutFlag = new HashMap<>(again.fields());
        withoutFlag.put("repeated", false);
        assertThat(withoutFlag).isEqualTo(first.fields());
        assertThat(count(pg, "SELECT count(*) FROM s_accounts WHERE account_id LIKE 'A-2%'")).isEqualTo(1);
        assertThat(count(pg, "SELECT count(*) FROM orchestrator_tool_idempotency WHERE tool_name = 'crm_write' "
                + "AND idempotency_key = '" + key + "' AND result LIKE '%rows_affected%'")).isEqualTo(1);
    }

    @Test
    void shouldReportRowsAffectedWithoutRecordsWhenNothingIsReturned() {
        TestDatabase.execute(pg, "INSERT INTO s_accounts (account_id, plan) VALUES ('U-1', 'team'), ('U-1', 'team')");
        SqlStatementTool update = tool("crm_update", "UPDATE s_accounts SET plan = :plan WHERE account_id = :account_id", Map.of());

        ToolResult result = update.invoke(call("crm_update", Map.of("idempotency_key", key(), "account_id", "U-1", "plan", "enterprise")))
                .toCompletableFuture().join();

        assertThat(result.fields()).isEqualTo(Map.of("rows_affected", 2, "repeated", false));
    }

    @Test
    void shouldDeleteByTheIdAnExecutorRecordedEvenThoughItArrivesAsAString() {
        // given a row created through crm_write, whose id a saga records as text
        SqlStatementTool crm = tool("crm_write", INSERT, Map.of());
        SqlStatementTool delete = tool("crm_delete", "DELETE FROM s_accounts WHERE id = :id RETURNING id AS deleted", Map.of());
        Object id = crm.invoke(call("crm_write", account(key(), "D-1", "d1@acme.example"))).toCompletableFuture().join().field("id");

        // when the compensator is called with {"id": "<id>"}
        ToolResult result = delete.invoke(call("crm_delete", Map.of("idempotency_key", key(), "id", id.toString())))
                .toCompletableFuture().join();

        // then
        assertThat(result.fields()).containsEntry("deleted", id).containsEntry("rows_affected", 1);
        assertThat(count(pg, "SELECT count(*) FROM s_accounts WHERE account_id = 'D-1'")).isZero();
    }

    @Test
    void shouldPerformTheStatementOnceWhenTwoCallsWithTheSameKeyRaceOnTwoThreads() throws Exception {
        // given the target table locked by the test, so that whichever call claims the key first waits inside its
        // transaction, and the other waits for the key
        SqlStatementTool crm = tool("crm_race", INSERT, Map.of());
        String key = key();
        CompletableFuture<ToolResult> first;
        CompletableFuture<ToolResult> second;
        try (Connection lock = TestDatabase.connect(pg); Statement s = lock.createStatement()) {
            lock.setAutoCommit(false);
            s.execute("LOCK TABLE s_accounts IN EXCLUSIVE MODE");
            first = crm.invoke(call("crm_race", account(key, "R-1", "r1@acme.example"))).toCompletableFuture();
            awaitWaitingBackends("orchestrator/crm_race", 1);
            second = crm.invoke(call("crm_race", account(key, "R-1", "r1@acme.example"))).toCompletableFuture();
            awaitWaitingBackends("orchestrator/crm_race", 2);

            // when the lock goes
            lock.commit();
        }

        // then exactly one performed it, and the other answered its result
        ToolResult a = first.join();
        ToolResult b = second.join();
        assertThat(List.of(a.field("repeated"), b.field("repeated"))).containsExactlyInAnyOrder(true, false);
        assertThat(a.field("id")).isEqualTo(b.field("id"));
        assertThat(count(pg, "SELECT count(*) FROM s_accounts WHERE account_id = 'R-1'")).isEqualTo(1);
    }

    @Test
    void shouldRefuseACallWithoutAnIdempotencyKey() {
        SqlStatementTool crm = tool("crm_write", INSERT, Map.of());

        OrchestratorException failure = failureOf(crm.invoke(call("crm_write", Map.of("account_id", "K-1"))));

        assertThat(failure).isInstanceOf(PermanentException.class);
        assertThat(failure.type()).isEqualTo("MissingIdempotencyKey");
    }

    @Test
    void shouldFailPermanentlyOnAUniqueViolationAndKeepNoKeySoNothingIsMistakenForDone() {
        // given an account with an email
        SqlStatementTool crm = tool("crm_write", INSERT, Map.of());
        crm.invoke(call("crm_write", account(key(), "V-1", "v@acme.example"))).toCompletableFuture().join();
        String key = key();

        // when another key inserts the same email
        OrchestratorException failure = failureOf(crm.invoke(call("crm_write", account(key, "V-2", "v@acme.example"))));

        // then
        assertThat(failure).isInstanceOf(PermanentException.class);
        assertThat(failure.type()).isEqualTo("ConstraintViolation");
        assertThat(failure.getMessage()).contains("SQLSTATE 23505");
        assertThat(count(pg, "SELECT count(*) FROM orchestrator_tool_idempotency WHERE idempotency_key = '" + key + "'")).isZero();
    }

    @Test
    void shouldFailTransientlyOnADeadlockAndSucceedWhenRetried() throws Exception {
        // given a statement that locks row 2, then row 1, which the test holds; its session detects deadlocks fast
        SqlStatementTool swap = tool("crm_swap", "WITH a AS (UPDATE s_deadlock SET v = v + 1 WHERE id = 2 RETURNING id) "
                        + "UPDATE s_deadlock SET v = v + 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM a) RETURNING v",
                Map.of("jdbc.url", pg.jdbcUrl() + "?options=-c%20deadlock_timeout%3D500ms"));
        String key = key();
        CompletableFuture<ToolResult> call;
        try (Connection other = TestDatabase.connect(pg); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("SET deadlock_timeout = '30s'");
            s.execute("UPDATE s_deadlock SET v = v WHERE id = 1");
            call = swap.invoke(call("crm_swap", Map.of("idempotency_key", key))).toCompletableFuture();
            awaitWaitingBackends("orchestrator/crm_swap", 1);

            // when the test's transaction waits for row 2 in turn
            s.execute("UPDATE s_deadlock SET v = v WHERE id = 2");
            other.rollback();
        }

        // then the tool's statement was the deadlock victim: transient, and nothing of it stayed
        OrchestratorException failure = failureOf(call);
        assertThat(failure).isInstanceOf(TransientException.class);
        assertThat(failure.type()).isEqualTo("Deadlock");
        assertThat(count(pg, "SELECT count(*) FROM orchestrator_tool_idempotency WHERE idempotency_key = '" + key + "'")).isZero();
        assertThat(swap.invoke(call("crm_swap", Map.of("idempotency_key", key))).toCompletableFuture().join().field("repeated"))
                .isEqualTo(false);
    }

    @Test
    void shouldFailPermanentlyWhenTheIdempotencyTableIsMissingAndMayNotBeCreated() {
        SqlStatementTool crm = tool("crm_write", INSERT, Map.of("idempotency.table", "no_such_ledger", "idempotency.create.table", "false"));

        OrchestratorException failure = failureOf(crm.invoke(call("crm_write", account(key(), "M-1", "m1@acme.example"))));

        assertThat(failure).isInstanceOf(PermanentException.class);
        assertThat(failure.type()).isEqualTo("UndefinedObject");
        assertThat(failure.getMessage()).contains("no_such_ledger");
    }

    @Test
    void shouldKeepTheKeysOfDifferentToolsApartInTheirOwnTable() {
        SqlStatementTool a = tool("crm_a", INSERT, Map.of("idempotency.table", "public.s_ledger"));
        SqlStatementTool b = tool("crm_b", INSERT, Map.of("idempotency.table", "public.s_ledger"));
        String key = key();

        a.invoke(call("crm_a", account(key, "T-1", null))).toCompletableFuture().join();
        ToolResult other = b.invoke(call("crm_b", account(key, "T-1", null))).toCompletableFuture().join();

        assertThat(other.field("repeated")).isEqualTo(false);
        assertThat(count(pg, "SELECT count(*) FROM s_ledger WHERE idempotency_key = '" + key + "'")).isEqualTo(2);
    }

    /** Waits until {@code count} backends of {@code application} wait for a lock. */
    static void awaitWaitingBackends(String application, int count) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> TestDatabase.count(pg,
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application + "' AND wait_event_type = 'Lock'")
                == count);
    }
}
