package dev.orchestrators.localservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** GreenMail on loopback ({@link LocalSmtp}) and the scripted faulty server ({@link FaultySmtpServer}). */
class LocalSmtpTest {

    private static MimeMessage message(Session session, String to) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("leads@orchestrators.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject("hello");
        message.setText("body");
        return message;
    }

    private static Session session(String host, int port, boolean auth) {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", host);
        props.setProperty("mail.smtp.port", Integer.toString(port));
        props.setProperty("mail.smtp.auth", Boolean.toString(auth));
        return Session.getInstance(props);
    }

    @Test
    void shouldDeliverToTheRecipientsMailbox() throws Exception {
        try (LocalSmtp smtp = LocalSmtp.start()) {
            // when
            Transport.send(message(session(smtp.host(), smtp.port(), false), "ada@example.com"));

            // then
            assertThat(smtp.mailboxes()).containsOnlyKeys("ada@example.com");
            assertThat(smtp.received()).extracting(MimeMessage::getSubject).containsExactly("hello");
            assertThat(smtp.user()).isEmpty();
            assertThatThrownBy(smtp::passwordFile).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void shouldAcceptItsUserWithThePasswordFromAnOwnerOnlyFileAndRefuseAnyOther() throws Exception {
        Path file;
        try (LocalSmtp smtp = LocalSmtp.startWithUser()) {
            file = smtp.passwordFile();
            String password = Files.readString(file).strip();
            Session session = session(smtp.host(), smtp.port(), true);

            // when
            Transport.send(message(session, "ada@example.com"), LocalSmtp.USER, password);

            // then
            assertThat(smtp.received()).hasSize(1);
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThatThrownBy(() -> Transport.send(message(session, "ada@example.com"), LocalSmtp.USER, "wrong"))
                    .isInstanceOf(AuthenticationFailedException.class);
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void shouldReceiveTheWholeMessageAndDropTheConnectionInsteadOfAnswering() throws Exception {
        try (FaultySmtpServer server = FaultySmtpServer.start().drop(FaultySmtpServer.Stage.END_OF_DATA);
             Socket socket = new Socket(server.host(), server.port())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();

            // when a client sends a whole message
            assertThat(in.readLine()).startsWith("220");
            for (String command : new String[]{"HELO client", "MAIL FROM:<a@example.com>", "RCPT TO:<b@example.com>", "DATA"}) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(in.readLine()).as(command).matches("(250|354) .*");
            }
            out.write("Subject: x\r\n\r\n..dot-stuffed\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            // then the server has it, and the reply never comes
            assertThat(in.readLine()).isNull();
            assertThat(server.messages()).containsExactly("Subject: x\r\n\r\n.dot-stuffed\r\n");
            assertThat(server.accepted()).isZero();
            assertThat(server.commands()).containsExactly("HELO client", "MAIL FROM:<a@example.com>", "RCPT TO:<b@example.com>", "DATA");
        }
    }

    @Test
    void shouldAnswerAScriptedReplyTheGivenNumberOfTimes() throws Exception {
        try (FaultySmtpServer server = FaultySmtpServer.start().replyTimes(FaultySmtpServer.Stage.MAIL, 1, 451, "4.3.0 later");
             Socket socket = new Socket(server.host(), server.port())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            in.readLine();

            out.write("MAIL FROM:<a@example.com>\r\nMAIL FROM:<a@example.com>\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            assertThat(in.readLine()).isEqualTo("451 4.3.0 later");
            assertThat(in.readLine()).startsWith("250");
        }
    }
}
