package dev.orchestrators.tools.sql;

import static dev.orchestrators.tools.sql.TestDatabase.call;
import static dev.orchestrators.tools.sql.TestDatabase.count;
import static dev.orchestrators.tools.sql.TestDatabase.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.SaturatedException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.localservers.LocalPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQL tools on a PostgreSQL that is killed, paused and saturated: failures are transient, nothing is done twice. */
class SqlFaultTest {
    private static LocalPostgres pg;

    @BeforeAll
    static void start() {
        TestDatabase.assumeAvailable();
        pg = LocalPostgres.startTemporary();
        TestDatabase.execute(pg, "CREATE TABLE f_accounts (id bigserial PRIMARY KEY, account_id text NOT NULL)");
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    /** Calls {@code tool} until it succeeds, as a retry policy would: again after each transient failure. */
    private static CompletableFuture<ToolResult> untilDone(SqlStatementTool tool, Map<String, Object> args, List<OrchestratorException> failures) {
        return tool.invoke(call(tool.name(), args)).toCompletableFuture().exceptionallyCompose(failure -> {
            OrchestratorException classified = (OrchestratorException) SqlFailures.unwrap(failure);
            failures.add(classified);
            if (!(classified instanceof TransientException)) {
                return CompletableFuture.failedFuture(classified);
            }
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> untilDone(tool, args, failures));
        });
    }

    @Test
    void shouldWriteEachKeyExactlyOnceAcrossAKillAndARestartOfTheDatabase() {
        // given four streams of calls, each key retried until it succeeds; each stream holds at its 30th key until the
        // database was killed, so that calls meet the outage whatever the machine's speed
        List<OrchestratorException> failures = new CopyOnWriteArrayList<>();
        Map<String, Object> idByKey = new ConcurrentHashMap<>();
        AtomicInteger done = new AtomicInteger();
        CompletableFuture<Void> killed = new CompletableFuture<>();
        try (SqlStatementTool crm = new SqlStatementTool(settings(pg, "f_crm", SqlStatementTool.TYPE, Map.of("pool.size", "4",
                "connection.timeout.ms", "500", "timeout.ms", "2000",
                "sql", "INSERT INTO f_accounts (account_id) SELECT :account_id FROM pg_sleep(0.005) RETURNING id")))) {
            List<CompletableFuture<?>> streams = new ArrayList<>();
            for (int stream = 0; stream < 4; stream++) {
                CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
                for (int i = 0; i < 40; i++) {
                    String key = "run-" + stream + "-" + i + ":create_crm_record";
                    Map<String, Object> args = Map.of("idempotency_key", key, "account_id", "acct-" + stream + "-" + i);
                    if (i == 30) {
                        chain = chain.thenCompose(ignored -> killed);
                    }
                    chain = chain.thenCompose(ignored -> untilDone(crm, args, failures))
                            .thenAccept(result -> idByKey.put(key, result.field("id"))).thenRun(done::incrementAndGet);
                }
                streams.add(chain);
            }

            // when the database is killed mid-stream, and restarted once the calls have noticed
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> done.get() >= 40);
            pg.kill();
            killed.complete(null);
            await().atMost(Duration.ofSeconds(30)).until(() -> !failures.isEmpty());
            pg.restart();
            CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
        }

        // (what the outage looked like, in the test's output)
        System.out.println("outage failures by type: " + failures.stream().collect(java.util.stream.Collectors.groupingBy(
                OrchestratorException::type, java.util.TreeMap::new, java.util.stream.Collectors.counting())));

        // then the outage's failures were all transient, every key succeeded, and each row was written exactly once
        assertThat(failures).isNotEmpty().allMatch(f -> f instanceof TransientException);
        assertThat(idByKey).hasSize(160);
        assertThat(count(pg, "SELECT count(*) FROM f_accounts")).isEqualTo(160);
        assertThat(count(pg, "SELECT count(DISTINCT account_id) FROM f_accounts")).isEqualTo(160);
        assertThat(count(pg, "SELECT count(*) FROM orchestrator_tool_idempotency WHERE tool_name = 'f_crm'")).isEqualTo(160);
        idByKey.forEach((key, id) -> assertThat(count(pg, "SELECT count(*) FROM f_accounts WHERE id = " + id
                + " AND account_id = 'acct-" + key.substring(4, key.indexOf(':')) + "'")).as(key).isEqualTo(1));
    }

    @Test
    void shouldFailTransientlyWithinTheTimeOutWhileTheDatabaseIsPausedAndRecoverOnResume() {
        // given a warm tool
        try (SqlQueryTool query = new SqlQueryTool(settings(pg, "f_read", SqlQueryTool.TYPE, Map.of("timeout.ms", "500",
                "connection.timeout.ms", "1000", "sql", "SELECT count(*) AS n FROM f_accounts")))) {
            query.invoke(call("f_read", Map.of())).toCompletableFuture().join();

            // when the database stops answering (SIGSTOP), with calls in flight
            pg.pause();
            List<CompletableFuture<ToolResult>> calls = new ArrayList<>();
            long start = System.nanoTime();
            try {
                for (int i = 0; i < 3; i++) {
                    calls.add(query.invoke(call("f_read", Map.of())).toCompletableFuture());
                }

                // then each fails, transiently, within the statement and connection time-outs (plus the network grace)
                await().atMost(Duration.ofSeconds(6)).until(() -> calls.stream().allMatch(CompletableFuture::isDone));
                assertThat(calls).allSatisfy(c -> assertThat(c).isCompletedExceptionally());
                assertThat(calls).allSatisfy(c -> assertThat(causeOf(c)).isInstanceOf(TransientException.class));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
            } finally {
                pg.resume();
            }

            // and calls succeed again once it answers
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> query.invoke(call("f_read", Map.of()))
                    .toCompletableFuture().join().field("row_count").equals(1));
        }
    }

    @Test
    void shouldRefuseCallsBeyondThePoolAndItsQueueAtOnceWithoutMakingMoreThreads() throws Exception {
        // given two connections, one queued call, and every call held by a lock of the test's
        try (SqlQueryTool query = new SqlQueryTool(settings(pg, "f_sat", SqlQueryTool.TYPE, Map.of("pool.size", "2", "queue.size", "1",
                "sql", "SELECT 1 AS ok FROM pg_advisory_xact_lock_shared(77)")));
             Connection lock = TestDatabase.connect(pg); Statement s = lock.createStatement()) {
            s.execute("SELECT pg_advisory_lock(77)");

            // when ten calls come at once
            List<CompletableFuture<ToolResult>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(query.invoke(call("f_sat", Map.of())).toCompletableFuture());
            }

            // then the seven beyond pool and queue fail at once as Saturated, and no more than two threads exist
            List<CompletableFuture<ToolResult>> refused = calls.stream().filter(CompletableFuture::isCompletedExceptionally).toList();
            assertThat(refused).hasSize(7).allSatisfy(c -> assertThat(causeOf(c)).isInstanceOf(SaturatedException.class));
            assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith("tool-f_sat-")))
                    .hasSizeLessThanOrEqualTo(2);
            s.execute("SELECT pg_advisory_unlock(77)");
            calls.stream().filter(c -> !refused.contains(c)).forEach(c -> assertThat(c.join().field("row_count")).isEqualTo(1));
        }
    }

    @Test
    void shouldKeepArchiveEntriesQueuedThroughAnOutageAndFailAuditAppendsTransiently() {
        // given stores on a pool, one entry archived
        try (SqlPool pool = SqlPool.newBuilder("f_stores", pg.jdbcUrl()).user(LocalPostgres.USER)
                .password(dev.orchestrators.core.config.Secret.parse("file:" + pg.passwordFile()))
                .connectionTimeout(Duration.ofMillis(500)).poolSize(2).build()) {
            JdbcArchiveStore archive = JdbcArchiveStore.newBuilder(pool.dataSource()).table("f_archive").build();
            JdbcAuditStore audit = JdbcAuditStore.newBuilder(pool.dataSource()).table("f_audit").build();
            archive.append(JdbcArchiveStoreTest.entry("run-1", "OK"));
            archive.sync();
            audit.append(new dev.orchestrators.core.audit.AuditRecord(dev.orchestrators.core.audit.AuditKind.DELIVERY, "run-1", "f",
                    "o", "crm", java.time.Instant.now(), null, Map.of()));

            // when the database dies
            pg.kill();
            archive.append(JdbcArchiveStoreTest.entry("run-2", "OK"));

            // then a sync fails transiently keeping the entry, and an audit append throws, transiently
            try {
                assertThat(org.assertj.core.api.Assertions.catchThrowable(archive::sync))
                        .isInstanceOf(dev.orchestrators.core.kinds.archiver.ArchiveException.class).hasMessageContaining("stay queued");
                assertThat(archive.queued()).isEqualTo(1);
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> audit.append(new dev.orchestrators.core.audit.AuditRecord(
                        dev.orchestrators.core.audit.AuditKind.DELIVERY, "run-2", "f", "o", "crm", java.time.Instant.now(), null, Map.of()))))
                        .isInstanceOf(TransientException.class);
            } finally {
                pg.restart();
            }

            // and the next sync after the restart writes it
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(archive::sync);
            assertThat(archive.queued()).isZero();
            assertThat(count(pg, "SELECT count(*) FROM f_archive")).isEqualTo(2);
        }
    }

    private static Throwable causeOf(CompletableFuture<?> failed) {
        try {
            failed.join();
            return null;
        } catch (RuntimeException e) {
            return SqlFailures.unwrap(e);
        }
    }
}
