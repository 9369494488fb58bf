package dev.orchestrators.tools.sql;

import static dev.orchestrators.tools.sql.TestDatabase.call;
import static dev.orchestrators.tools.sql.TestDatabase.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.localservers.LocalPostgres;
import dev.orchestrators.tools.ConfiguredTools;
import dev.orchestrators.tools.ToolHealth;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The database password never shows: not in settings, descriptions, results, failures, health or logs. */
class SecretsTest {
    @TempDir
    Path dir;

    private static String everythingAbout(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void shouldShowThePasswordsReferenceButNeverItsValue() {
        LocalPostgres pg = TestDatabase.shared();
        try (SqlQueryTool tool = new SqlQueryTool(settings(pg, "s_read", SqlQueryTool.TYPE, Map.of("sql", "SELECT 1 AS one")))) {
            assertThat(tool.describe()).containsEntry("password", "file:" + pg.passwordFile())
                    .containsEntry("jdbc.url", pg.jdbcUrl()).containsEntry("user", LocalPostgres.USER);
            assertThat(tool.describe().toString()).doesNotContain(pg.password());
            assertThat(tool.toString()).contains("file:" + pg.passwordFile()).doesNotContain(pg.password());
            assertThat(tool.invoke(call("s_read", Map.of())).toCompletableFuture().join().toString()).doesNotContain(pg.password());
        }
    }

    @Test
    void shouldFailAnAuthenticationPermanentlyWithoutShowingThePasswordAnywhere() throws Exception {
        // given a wrong password in the secret file, and every log line captured at DEBUG
        LocalPostgres pg = TestDatabase.shared();
        String wrong = "wrong-Pa55word-" + System.nanoTime();
        Path secret = Files.writeString(dir.resolve("pw"), wrong + "\n");
        Map<String, String> values = new HashMap<>(Map.of("sql", "SELECT 1 AS one", "password", "file:" + secret,
                "connection.timeout.ms", "1000"));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.DEBUG);
        try (SqlQueryTool tool = new SqlQueryTool(settings(pg, "s_wrong", SqlQueryTool.TYPE, values))) {

            // when it calls and checks its health
            Throwable failure = catchThrowable(() -> tool.invoke(call("s_wrong", Map.of())).toCompletableFuture().join());
            ToolHealth health = tool.checkHealth().toCompletableFuture().join();

            // then
            assertThat(failure.getCause()).isInstanceOf(PermanentException.class);
            assertThat(((PermanentException) failure.getCause()).type()).isEqualTo("AuthenticationFailed");
            assertThat(failure.getCause().getMessage()).contains("user 'orchestrator'", "file:" + secret);
            assertThat(everythingAbout(failure)).doesNotContain(wrong).doesNotContain(pg.password());
            assertThat(health.reachable()).isFalse();
            assertThat(health.detail()).contains("AuthenticationFailed").doesNotContain(wrong);
            assertThat(tool.describe().toString() + tool).doesNotContain(wrong);
        } finally {
            root.setLevel(level);
            root.detachAppender(logs);
        }
        assertThat(logs.list).isNotEmpty().allSatisfy(event -> {
            assertThat(event.getFormattedMessage()).doesNotContain(wrong);
            if (event.getThrowableProxy() != null) {
                assertThat(event.getThrowableProxy().getMessage()).doesNotContain(wrong);
            }
        });
    }

    @Test
    void shouldRefuseALiteralPasswordAtStartUp() {
        Map<String, String> settings = Map.of("tool.s_lit.type", "sql-query", "tool.s_lit.jdbc.url", "jdbc:postgresql://db/x",
                "tool.s_lit.sql", "SELECT 1", "tool.s_lit.password", "hunter2");

        Throwable failure = catchThrowable(() -> ConfiguredTools.from(settings));

        assertThat(failure).isInstanceOf(ConfigurationException.class).hasMessageContaining("tool.s_lit.password");
        assertThat(failure.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void shouldRefuseAUrlCarryingAPasswordWithoutRepeatingIt() {
        assertThatThrownBy(() -> SqlPool.newBuilder("x", "jdbc:postgresql://db:5432/crm?user=a&password=hunter2"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("carries a password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> SqlPool.newBuilder("x", "jdbc:mysql://a:hunter2@db/crm"))
                .isInstanceOf(ConfigurationException.class).satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void shouldFailAtStartUpNamingTheKeyWhenTheSecretFileIsMissing() {
        Map<String, String> values = Map.of("sql", "SELECT 1", "password", "file:" + dir.resolve("absent"));

        assertThatThrownBy(() -> new SqlQueryTool(settings(TestDatabase.shared(), "s_absent", SqlQueryTool.TYPE, values)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("tool.s_absent.password").hasMessageContaining("file:" + dir.resolve("absent"));
    }

    @Test
    void shouldPickUpARotatedPasswordWithTheNextConnection() throws Exception {
        // given a secret file that is wrong at first
        LocalPostgres pg = TestDatabase.shared();
        Path secret = Files.writeString(dir.resolve("rotating"), "stale\n");
        Map<String, String> values = Map.of("sql", "SELECT 1 AS one", "password", "file:" + secret, "connection.timeout.ms", "500",
                "pool.size", "1");
        try (SqlQueryTool tool = new SqlQueryTool(settings(pg, "s_rotate", SqlQueryTool.TYPE, values))) {
            assertThat(catchThrowable(() -> tool.invoke(call("s_rotate", Map.of())).toCompletableFuture().join())).isNotNull();

            // when the file is rotated to the right password
            Files.writeString(secret, pg.password() + "\n");

            // then a later call connects
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> tool.invoke(call("s_rotate", Map.of())).toCompletableFuture().join().field("row_count").equals(1));
        }
    }
}
