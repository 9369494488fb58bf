package dev.orchestrators.tools.mail;

import static dev.orchestrators.localservers.FaultySmtpServer.Stage.AUTH;
import static dev.orchestrators.localservers.FaultySmtpServer.Stage.DATA;
import static dev.orchestrators.localservers.FaultySmtpServer.Stage.END_OF_DATA;
import static dev.orchestrators.localservers.FaultySmtpServer.Stage.GREETING;
import static dev.orchestrators.localservers.FaultySmtpServer.Stage.MAIL;
import static dev.orchestrators.localservers.FaultySmtpServer.Stage.RCPT;
import static dev.orchestrators.tools.mail.MailFixtures.answer;
import static dev.orchestrators.tools.mail.MailFixtures.call;
import static dev.orchestrators.tools.mail.MailFixtures.failure;
import static dev.orchestrators.tools.mail.MailFixtures.settings;
import static dev.orchestrators.tools.mail.MailFixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.IndeterminateOutcomeException;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.localservers.FaultySmtpServer;
import dev.orchestrators.localservers.FaultySmtpServer.Stage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Failures on a real socket, from a server scripted to fail at a chosen command ({@link FaultySmtpServer}). */
class SmtpFaultsTest {
    private FaultySmtpServer server;
    private SmtpTool mail;

    @BeforeEach
    void start() throws IOException {
        server = FaultySmtpServer.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (mail != null) {
            mail.close();
        }
        server.close();
    }

    private SmtpTool tool(String... extra) {
        mail = MailFixtures.tool(settings(server.host(), server.port(), "none", extra), new SimpleMeterRegistry());
        return mail;
    }

    private Throwable send(SmtpTool tool, String key) {
        return failure(tool.invoke(call("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", key)));
    }

    static Stream<Arguments> replies() {
        return Stream.of(
                Arguments.of(GREETING, 421, "4.3.2 too busy", FailureClass.TRANSIENT, "ServiceUnavailable"),
                Arguments.of(GREETING, 554, "5.7.1 no service for you", FailureClass.PERMANENT, "TransactionFailed"),
                Arguments.of(MAIL, 421, "4.3.2 shutting down", FailureClass.TRANSIENT, "ServiceUnavailable"),
                Arguments.of(MAIL, 451, "4.3.0 local error", FailureClass.TRANSIENT, "LocalError"),
                Arguments.of(MAIL, 452, "4.3.1 insufficient storage", FailureClass.TRANSIENT, "InsufficientStorage"),
                Arguments.of(MAIL, 530, "5.7.0 authentication required", FailureClass.PERMANENT, "AuthenticationRequired"),
                Arguments.of(MAIL, 553, "5.1.8 sender address rejected", FailureClass.PERMANENT, "MailboxNameInvalid"),
                Arguments.of(RCPT, 450, "4.2.0 greylisted", FailureClass.TRANSIENT, "MailboxUnavailable"),
                Arguments.of(RCPT, 550, "5.1.1 no such user", FailureClass.PERMANENT, "MailboxUnavailable"),
                Arguments.of(RCPT, 551, "5.1.6 user not local", FailureClass.PERMANENT, "UserNotLocal"),
                Arguments.of(DATA, 451, "4.3.0 try later", FailureClass.TRANSIENT, "LocalError"),
                Arguments.of(DATA, 554, "5.5.1 no valid recipients", FailureClass.PERMANENT, "TransactionFailed"),
                Arguments.of(END_OF_DATA, 451, "4.3.0 queue write failed", FailureClass.TRANSIENT, "LocalError"),
                Arguments.of(END_OF_DATA, 552, "5.3.4 message too big", FailureClass.PERMANENT, "StorageExceeded"),
                Arguments.of(END_OF_DATA, 554, "5.7.1 looks like spam", FailureClass.PERMANENT, "TransactionFailed"));
    }

    @ParameterizedTest(name = "{1} at {0}: {3} {4}")
    @MethodSource("replies")
    void shouldClassifyTheServersReply(Stage stage, int code, String text, FailureClass failureClass, String type) {
        // given
        server.reply(stage, code, text);

        // when
        Throwable failed = send(tool(), "k-" + stage + code);

        // then
        assertThat(failed).isInstanceOf(OrchestratorException.class).isNotInstanceOf(IndeterminateOutcomeException.class);
        assertThat(((OrchestratorException) failed).failureClass()).as(failed.getMessage()).isEqualTo(failureClass);
        assertThat(((OrchestratorException) failed).type()).as(failed.getMessage()).isEqualTo(type);
        assertThat(server.accepted()).isZero();
    }

    @Test
    void shouldSendToNobodyWhenOneOfTwoRecipientsIsRefused() {
        // given the first recipient is refused and the second accepted
        server.replyTimes(RCPT, 1, 550, "5.1.1 no such user");

        // when
        Throwable failed = failure(tool().invoke(call("to", List.of("gone@example.com", "ada@example.com"), "subject", "s",
                "text", "t", "idempotency_key", "k-partial")));

        // then
        assertThat(((OrchestratorException) failed).type()).isEqualTo("MailboxUnavailable");
        assertThat(failed.getMessage()).contains("gone@example.com: 550 5.1.1 no such user", "sent to nobody")
                .doesNotContain("ada@example.com");
        assertThat(server.commands()).noneMatch(c -> c.equals("DATA")).contains("RSET");
        assertThat(server.messages()).isEmpty();
    }

    @Test
    void shouldReportAnIndeterminateOutcomeWhenTheConnectionDropsAfterTheWholeMessage() {
        // given a server that receives the message and its dot, then drops the connection without a reply
        server.drop(END_OF_DATA);

        // when
        Throwable failed = send(tool(), "run-1:delivery:L-1");

        // then
        assertThat(failed).isInstanceOf(IndeterminateOutcomeException.class);
        assertThat(((IndeterminateOutcomeException) failed).idempotencyKey()).isEqualTo("run-1:delivery:L-1");
        assertThat(failed.getMessage()).contains("may have accepted it");
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    void shouldNotSendAgainWhenAKeyWithAnIndeterminateOutcomeIsCalledAgain() {
        // given
        server.drop(END_OF_DATA);
        SmtpTool tool = tool();
        send(tool, "run-1:delivery:L-1");

        // when the same key comes back (a blind retry would send it twice)
        Throwable again = send(tool, "run-1:delivery:L-1");

        // then
        assertThat(again).isInstanceOf(IndeterminateOutcomeException.class);
        assertThat(server.messages()).hasSize(1);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void shouldReportAnIndeterminateOutcomeWhenTheReplyToTheWholeMessageNeverComes() {
        // given a server that stalls its reply to the dot past the read time-out
        server.stall(END_OF_DATA);

        // when
        Throwable failed = send(tool("timeout.ms", "300"), "k-stall");

        // then
        assertThat(failed).isInstanceOf(IndeterminateOutcomeException.class);
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    void shouldRetryATimeOutBeforeTheMessageWasSent() {
        // given
        server.stall(RCPT);

        // when
        Throwable failed = send(tool("timeout.ms", "300"), "k-stall-rcpt");

        // then
        assertThat(((OrchestratorException) failed).type()).isEqualTo("Timeout");
        assertThat(((OrchestratorException) failed).failureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(server.messages()).isEmpty();
    }

    @Test
    void shouldRetryAConnectionDroppedBeforeTheBody() {
        // given
        server.drop(DATA);

        // when
        Throwable failed = send(tool(), "k-drop-data");

        // then
        assertThat(((OrchestratorException) failed).type()).isEqualTo("ConnectionLost");
        assertThat(((OrchestratorException) failed).failureClass()).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void shouldRetryARefusedConnection() throws IOException {
        // given a port nobody listens on
        int port = server.port();
        server.close();

        // when
        mail = MailFixtures.tool(settings("127.0.0.1", port, "none"), new SimpleMeterRegistry());
        Throwable failed = send(mail, "k-refused");

        // then
        assertThat(((OrchestratorException) failed).type()).isEqualTo("ConnectionRefused");
        assertThat(((OrchestratorException) failed).failureClass()).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void shouldRetryATemporaryAuthenticationFailure(@TempDir Path dir) throws IOException {
        // given
        server.reply(AUTH, 454, "4.7.0 temporary authentication failure");
        Path password = Files.writeString(dir.resolve("password"), "s3cret-Pa55");

        // when
        Throwable failed = send(tool("user", "alice", "password", "file:" + password), "k-454");

        // then
        assertThat(((OrchestratorException) failed).type()).isEqualTo("AuthenticationUnavailable");
        assertThat(((OrchestratorException) failed).failureClass()).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void shouldUpgradeWithStartTlsBeforeSendingAnything() throws IOException {
        // given a server offering STARTTLS on a self-signed certificate
        try (FaultySmtpServer tls = FaultySmtpServer.startWithStartTls()) {
            SmtpTool starttls = MailFixtures.tool(settings(tls.host(), tls.port(), "starttls", "trust", "*"), new SimpleMeterRegistry());

            // when
            answer(starttls.invoke(call("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", "k-starttls")));
            starttls.close();

            // then the transaction came only after the upgrade
            List<String> commands = tls.commands();
            assertThat(commands).first().asString().startsWith("EHLO");
            assertThat(commands.get(1)).isEqualTo("STARTTLS");
            assertThat(commands.indexOf("STARTTLS")).isLessThan(indexOfPrefix(commands, "MAIL FROM"));
            assertThat(tls.accepted()).isEqualTo(1);
        }
    }

    private static int indexOfPrefix(List<String> commands, String prefix) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
