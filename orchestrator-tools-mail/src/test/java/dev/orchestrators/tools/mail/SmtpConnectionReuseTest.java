package dev.orchestrators.tools.mail;

import static dev.orchestrators.localservers.FaultySmtpServer.Stage.END_OF_DATA;
import static dev.orchestrators.localservers.FaultySmtpServer.Stage.MAIL;
import static dev.orchestrators.tools.mail.MailFixtures.answer;
import static dev.orchestrators.tools.mail.MailFixtures.call;
import static dev.orchestrators.tools.mail.MailFixtures.failure;
import static dev.orchestrators.tools.mail.MailFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrators.localservers.FaultySmtpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kept SMTP connections: a send costs its commands, not a new connection, and a broken one is replaced. */
class SmtpConnectionReuseTest {
    private FaultySmtpServer server;
    private SmtpTool mail;

    @BeforeEach
    void start() throws IOException {
        server = FaultySmtpServer.start();
    }

    @AfterEach
    void stop() throws IOException {
        mail.close();
        server.close();
    }

    private SmtpTool tool(String... extra) {
        mail = MailFixtures.tool(settings(server.host(), server.port(), "none", extra), new SimpleMeterRegistry());
        return mail;
    }

    private void send(String key) {
        answer(mail.invoke(call("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", key)));
    }

    @Test
    void shouldSendManyMessagesOverOneConnection() {
        // given
        tool("pool.size", "1");

        // when
        for (int i = 0; i < 5; i++) {
            send("k-" + i);
        }

        // then
        assertThat(server.accepted()).isEqualTo(5);
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.commands()).filteredOn(c -> c.startsWith("EHLO")).hasSize(1);
    }

    @Test
    void shouldResendOnANewConnectionWhenTheServerClosedAKeptOneBeforeTheMessage() {
        // given a server that closes the connection right after accepting the first message
        server.replyThenDrop(END_OF_DATA, 1, 250, "2.0.0 Ok, and goodbye");
        tool("pool.size", "1");
        send("k-1");

        // when the next send finds the kept connection closed at MAIL FROM
        send("k-2");

        // then it went out once, on a second connection
        assertThat(server.accepted()).isEqualTo(2);
        assertThat(server.messages()).hasSize(2);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void shouldResendOnANewConnectionWhenAKeptOneAnswers421AtMailFrom() {
        // given a server whose idle time-out answers the next command with 421
        tool("pool.size", "1");
        send("k-1");
        server.replyThenDrop(MAIL, 1, 421, "4.4.2 idle too long, closing");

        // when
        send("k-2");

        // then
        assertThat(server.accepted()).isEqualTo(2);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void shouldNotResendOnANewConnectionWhenItWasNew() {
        // given a fresh connection that is refused at MAIL FROM
        server.replyThenDrop(MAIL, 1, 421, "4.3.2 shutting down");
        tool("pool.size", "1");

        // when
        failure(mail.invoke(call("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", "k-1")));

        // then
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void shouldOpenANewConnectionAfterAFailedSend() {
        // given
        server.replyTimes(MAIL, 1, 451, "4.3.0 try later");
        tool("pool.size", "1");
        failure(mail.invoke(call("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", "k-1")));

        // when
        send("k-2");

        // then the failed session's state was not trusted
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void shouldReplaceAConnectionAfterItsMaximumOfMessages() {
        // given
        tool("pool.size", "1", "session.max.messages", "2");

        // when
        for (int i = 0; i < 5; i++) {
            send("k-" + i);
        }

        // then
        assertThat(server.accepted()).isEqualTo(5);
        assertThat(server.connections()).isEqualTo(3);
        await().until(() -> server.commands().stream().filter("QUIT"::equals).count() == 2); // QUIT is not waited for
    }

    @Test
    void shouldReplaceAConnectionIdleLongerThanAllowed() {
        // given connections that may not sit idle at all
        tool("pool.size", "1", "session.idle.ms", "0");
        long sent = System.nanoTime();
        send("k-1");

        // when a later send comes more than a millisecond after the first
        await().until(() -> System.nanoTime() - sent > 2_000_000);
        send("k-2");

        // then
        assertThat(server.connections()).isEqualTo(2);
    }
}
