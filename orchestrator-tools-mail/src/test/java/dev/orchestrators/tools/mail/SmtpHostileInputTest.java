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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Header;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile values reaching the headers and the envelope, sent to a real SMTP server (GreenMail): refused with a
 * message naming the header, never sent as a second header or an extra recipient.
 */
class SmtpHostileInputTest {
    private static LocalSmtp smtp;
    private static SmtpTool mail;

    @BeforeAll
    static void start() {
        smtp = LocalSmtp.start();
        mail = tool(settings(smtp.host(), smtp.port(), "none", "subject.template", "{subject}"), new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() {
        mail.close();
        smtp.close();
    }

    @BeforeEach
    void empty() {
        smtp.purge();
    }

    static Stream<Arguments> injections() {
        String bcc = "Bcc: attacker@evil.example";
        return Stream.of(
                Arguments.of("subject", "Hello\r\n" + bcc, "header Subject contains a line break (CR)"),
                Arguments.of("subject", "Hello\n" + bcc, "header Subject contains a line break (LF)"),
                Arguments.of("subject", "Hello\0" + bcc, "header Subject contains a NUL character"),
                Arguments.of("subject", "Hello\u000b" + bcc, "header Subject contains a control character (U+000B)"),
                Arguments.of("to", "ada@example.com\r\n" + bcc, "header To contains a line break (CR)"),
                Arguments.of("to", "ada@example.com\nCc: attacker@evil.example", "header To contains a line break (LF)"),
                Arguments.of("cc", "grace@example.com\r\n" + bcc, "header Cc contains a line break (CR)"),
                Arguments.of("bcc", "grace@example.com\0", "header Bcc contains a NUL character"),
                Arguments.of("reply_to", "ada@example.com\r\n" + bcc, "header Reply-To contains a line break (CR)"),
                Arguments.of("from_name", "Lead desk\r\n" + bcc, "header From (display name) contains a line break (CR)"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("injections")
    void shouldRefuseALineBreakInAHeaderValueAndSendNothing(String argument, String value, String refusal) {
        // given
        List<Object> args = new ArrayList<>(List.of("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", "k-" + argument));
        int at = args.indexOf(argument);
        if (at >= 0) {
            args.set(at + 1, value);
        } else {
            args.addAll(List.of(argument, value));
        }

        // when
        Throwable refused = failure(mail.invoke(call(args.toArray())));

        // then
        assertThat(refused).hasMessageContaining(refusal).hasMessageContaining("refused rather than sent as a second header");
        assertThat(((OrchestratorException) refused).type()).isEqualTo("InputRefused");
        assertThat(((OrchestratorException) refused).failureClass()).isEqualTo(FailureClass.PERMANENT);
        assertThat(smtp.received()).isEmpty();
    }

    @Test
    void shouldRefuseALineBreakThatATemplateTakesFromTheRecordsFields() {
        // given a record whose name carries a header
        SmtpTool templated = tool(settings(smtp.host(), smtp.port(), "none", "subject.template", "New lead: {name}"),
                new SimpleMeterRegistry());

        // when
        Throwable refused = failure(templated.invoke(call("fields", Map.of("email", "ada@example.com",
                "name", "Ada\r\nBcc: attacker@evil.example"), "idempotency_key", "k-template")));
        templated.close();

        // then
        assertThat(refused).hasMessageContaining("header Subject contains a line break (CR)");
        assertThat(smtp.received()).isEmpty();
    }

    @Test
    void shouldSendOneRecipientWhenARecordsEmailFieldHidesASecondOne() {
        // when the field holds two addresses in one string
        Throwable refused = failure(mail.invoke(call("fields", Map.of("email", "ada@example.com, attacker@evil.example"),
                "subject", "s", "idempotency_key", "k-comma")));

        // then
        assertThat(refused).hasMessageContaining("header To (from 'email')").hasMessageContaining("is not one valid email address");
        assertThat(smtp.received()).isEmpty();
    }

    @Test
    void shouldRefuseInvalidAddresses() {
        for (String address : List.of("not an address", "ada@", "@example.com", "ada", "ada@exa mple.com", "a\"b@example.com",
                "undisclosed-recipients:;", "üser@example.com", "<ada@example.com", "x".repeat(400) + "@example.com")) {
            Throwable refused = failure(mail.invoke(call("to", address, "subject", "s", "text", "t", "idempotency_key", "k-" + address.hashCode())));

            assertThat(refused).as(address).hasMessageContaining("header To");
            assertThat(((OrchestratorException) refused).type()).as(address).isEqualTo("InputRefused");
        }
        assertThat(smtp.received()).isEmpty();
    }

    @Test
    void shouldRefuseAOneMegabyteSubjectRatherThanTruncateIt() {
        Throwable refused = failure(mail.invoke(call("to", "ada@example.com", "subject", "s".repeat(1 << 20), "text", "t",
                "idempotency_key", "k-huge")));

        assertThat(refused).hasMessageContaining("header Subject is 1048576 characters long; at most 998 are sent");
        assertThat(smtp.received()).isEmpty();
    }

    @Test
    void shouldFoldALongSubjectWithinTheLimit() throws Exception {
        // when
        String subject = "word ".repeat(190).strip();
        answer(mail.invoke(call("to", "ada@example.com", "subject", subject, "text", "t", "idempotency_key", "k-long")));

        // then
        MimeMessage received = smtp.received().get(0);
        assertThat(received.getSubject()).isEqualTo(subject);
        assertThat(received.getHeader("Subject")[0]).contains("\r\n");
    }

    @Test
    void shouldCarryAnSmtpCommandInTheBodyAsTextNotAsASecondMessage() throws Exception {
        // given a body that ends the DATA section and starts a transaction, with bare and full line breaks
        String smuggled = "Hi\n.\r\nMAIL FROM:<attacker@evil.example>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\n"
                + "Subject: forged\r\n\r\nforged\r\n.\r\n\r\n.\n";

        // when
        answer(mail.invoke(call("to", "ada@example.com", "subject", "s", "text", smuggled, "idempotency_key", "k-smuggle")));

        // then
        assertThat(smtp.mailboxes()).containsOnlyKeys("ada@example.com");
        MimeMessage received = smtp.received().get(0);
        assertThat(received.getSubject()).isEqualTo("s");
        assertThat(received.getContent().toString()).contains("MAIL FROM:<attacker@evil.example>");
    }

    @Test
    void shouldCarryOneMegabyteOfBodyAndNulBytesIntact() throws Exception {
        // when
        String body = "x".repeat(1 << 20) + "\0end";
        answer(mail.invoke(call("to", "ada@example.com", "subject", "s", "text", body, "idempotency_key", "k-big")));

        // then
        assertThat(smtp.received().get(0).getContent().toString()).isEqualTo(body);
    }

    @Test
    void shouldSendOnlyTheHeadersItSetsItself() throws Exception {
        // when every input carries quotes and header-like text on one line
        answer(mail.invoke(call("to", "\"Ada: Bcc\" <ada@example.com>", "subject", "Bcc: attacker@evil.example; '; DROP TABLE x",
                "from_name", "X-Evil: 1", "reply_to", "\"Reply: To\" <r@example.com>", "text", "t", "idempotency_key", "k-names")));

        // then
        MimeMessage received = smtp.received().get(0);
        List<String> names = new ArrayList<>();
        for (Header header : Collections.list(received.getAllHeaders())) {
            names.add(header.getName());
        }
        assertThat(names).doesNotContain("Bcc", "X-Evil", "Cc");
        assertThat(smtp.mailboxes()).containsOnlyKeys("ada@example.com");
        assertThat(received.getSubject()).isEqualTo("Bcc: attacker@evil.example; '; DROP TABLE x");
    }
}
