package dev.orchestrators.tools.mail;

import static dev.orchestrators.tools.mail.MailFixtures.answer;
import static dev.orchestrators.tools.mail.MailFixtures.call;
import static dev.orchestrators.tools.mail.MailFixtures.failure;
import static dev.orchestrators.tools.mail.MailFixtures.settings;
import static dev.orchestrators.tools.mail.MailFixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.localservers.LocalSmtp;
import dev.orchestrators.tools.ToolHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication against a real server with a user, secrets kept out of everything shown, and the health check. */
class SmtpAuthAndHealthTest {
    private static final String WRONG_PASSWORD = "Wr0ng-But-Secret-Value-42";

    private LocalSmtp smtp;
    private SmtpTool mail;

    @BeforeEach
    void start() {
        smtp = LocalSmtp.startWithUser();
    }

    @AfterEach
    void stop() {
        if (mail != null) {
            mail.close();
        }
        smtp.close();
    }

    private SmtpTool tool(String password, String... extra) {
        String[] all = new String[extra.length + 4];
        all[0] = "user";
        all[1] = LocalSmtp.USER;
        all[2] = "password";
        all[3] = password;
        System.arraycopy(extra, 0, all, 4, extra.length);
        mail = MailFixtures.tool(settings(smtp.host(), smtp.port(), "none", all), new SimpleMeterRegistry());
        return mail;
    }

    private static String wrongPasswordFile(Path dir) throws IOException {
        return "file:" + Files.writeString(dir.resolve("wrong"), WRONG_PASSWORD + "\n");
    }

    @Test
    void shouldAuthenticateWithThePasswordFromItsFile() {
        // given
        tool("file:" + smtp.passwordFile());

        // when
        answer(mail.invoke(call("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", "k-auth")));

        // then
        assertThat(smtp.received()).hasSize(1);
    }

    @Test
    void shouldFailPermanentlyOnAWrongPasswordWithoutShowingIt(@TempDir Path dir) throws IOException {
        // given
        tool(wrongPasswordFile(dir));

        // when
        Throwable failed = failure(mail.invoke(call("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", "k-wrong")));

        // then
        assertThat(((OrchestratorException) failed).type()).isEqualTo("AuthenticationFailed");
        assertThat(((OrchestratorException) failed).failureClass()).isEqualTo(FailureClass.PERMANENT);
        assertThat(failed.getMessage()).contains("535");
        assertThat(everythingShown(failed)).doesNotContain(WRONG_PASSWORD);
        assertThat(smtp.received()).isEmpty();
    }

    @Test
    void shouldShowTheSecretsReferenceNeverItsValue(@TempDir Path dir) throws Exception {
        // given
        String reference = wrongPasswordFile(dir);
        tool(reference);

        // when
        ToolHealth health = mail.checkHealth().toCompletableFuture().get(20, TimeUnit.SECONDS);

        // then
        assertThat(mail.describe()).containsEntry("password", reference).containsEntry("user", LocalSmtp.USER)
                .containsEntry("host", smtp.host());
        assertThat(mail.describe().toString()).doesNotContain(WRONG_PASSWORD);
        assertThat(mail.toString()).doesNotContain(WRONG_PASSWORD).doesNotContain(reference);
        assertThat(health.reachable()).isFalse();
        assertThat(health.detail()).startsWith("AuthenticationFailed").doesNotContain(WRONG_PASSWORD);
    }

    @Test
    void shouldBeHealthyWhenTheServerAnswersWithTheConfiguredCredentials() throws Exception {
        // given
        tool("file:" + smtp.passwordFile());

        // when
        ToolHealth health = mail.checkHealth().toCompletableFuture().get(20, TimeUnit.SECONDS);

        // then
        assertThat(health.reachable()).as(health.detail()).isTrue();
        assertThat(health.detail()).contains("EHLO and NOOP answered by 127.0.0.1:" + smtp.port(), "authenticated as orchestrator");
        assertThat(smtp.received()).isEmpty();
    }

    @Test
    void shouldBeUnhealthyWhenNothingListens() throws Exception {
        // given a port nobody listens on
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        mail = MailFixtures.tool(settings("127.0.0.1", port, "none"), new SimpleMeterRegistry());

        // when
        ToolHealth health = mail.checkHealth().toCompletableFuture().get(20, TimeUnit.SECONDS);

        // then
        assertThat(health.reachable()).isFalse();
        assertThat(health.detail()).startsWith("ConnectionRefused");
    }

    @Test
    void shouldBeUnhealthyWhenStartTlsIsRequiredButNotOffered() throws Exception {
        // given GreenMail's plain port
        mail = MailFixtures.tool(settings(smtp.host(), smtp.port(), "starttls"), new SimpleMeterRegistry());

        // when
        ToolHealth health = mail.checkHealth().toCompletableFuture().get(20, TimeUnit.SECONDS);

        // then
        assertThat(health.reachable()).isFalse();
        assertThat(health.detail()).startsWith("StartTlsUnavailable");
    }

    @Test
    void shouldAnswerAHealthCheckAfterBeingClosed() throws Exception {
        // given
        tool("file:" + smtp.passwordFile()).close();

        // when
        ToolHealth health = mail.checkHealth().toCompletableFuture().get(20, TimeUnit.SECONDS);

        // then
        assertThat(health.reachable()).isFalse();
        mail = null;
    }

    private static String everythingShown(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace + failure.toString();
    }
}
