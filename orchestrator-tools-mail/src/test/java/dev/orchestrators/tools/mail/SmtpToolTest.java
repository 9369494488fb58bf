package dev.orchestrators.tools.mail;

import static dev.orchestrators.tools.mail.MailFixtures.answer;
import static dev.orchestrators.tools.mail.MailFixtures.call;
import static dev.orchestrators.tools.mail.MailFixtures.failure;
import static dev.orchestrators.tools.mail.MailFixtures.settings;
import static dev.orchestrators.tools.mail.MailFixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.localservers.LocalSmtp;
import dev.orchestrators.tools.AdapterMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sending to a real SMTP server (GreenMail): content, headers, the Message-ID from the key, meters. */
class SmtpToolTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private LocalSmtp smtp;
    private SmtpTool mail;

    @BeforeEach
    void start() {
        smtp = LocalSmtp.start();
        mail = tool(settings(smtp.host(), smtp.port(), "none"), registry);
    }

    @AfterEach
    void stop() {
        mail.close();
        smtp.close();
    }

    @Test
    void shouldSendTheMessageTheCallDescribesAndAnswerItsMessageId() throws Exception {
        // given
        String key = "run-1:delivery:L-1";

        // when
        ToolResult result = answer(mail.invoke(call("to", "Ada Lovelace <ada@example.com>", "cc", List.of("grace@example.com"),
                "subject", "Your lead", "text", "Hello Ada,\nwelcome.", "idempotency_key", key)));

        // then
        String messageId = MessageIds.of(key, "mail", "orchestrators.example");
        assertThat(result.fields()).containsEntry("delivery_id", messageId).containsEntry("message_id", messageId)
                .containsEntry("accepted", List.of("ada@example.com", "grace@example.com"));
        assertThat((String) result.field("server_reply")).startsWith("250");
        assertThat(smtp.mailboxes()).containsOnlyKeys("ada@example.com", "grace@example.com");
        MimeMessage received = smtp.mailboxes().get("ada@example.com").get(0);
        assertThat(received.getMessageID()).isEqualTo(messageId).matches("<[0-9a-f]{32}\\.mail@orchestrators\\.example>");
        assertThat(received.getFrom()[0].toString()).isEqualTo("Lead desk <leads@orchestrators.example>");
        assertThat(received.getRecipients(RecipientType.TO)[0].toString()).isEqualTo("Ada Lovelace <ada@example.com>");
        assertThat(received.getRecipients(RecipientType.CC)[0].toString()).isEqualTo("grace@example.com");
        assertThat(received.getSubject()).isEqualTo("Your lead");
        assertThat(received.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(received.getHeader("X-Idempotency-Key")).isNull();
        assertThat(received.getContent().toString()).isEqualToNormalizingNewlines("Hello Ada,\nwelcome.");
        assertThat(mail.name()).isEqualTo("mail");
        assertThat(mail.capability()).isEqualTo(Capability.SEND);
    }

    @Test
    void shouldGiveEveryAttemptOfOneKeyTheSameMessageIdSoReceiversRecogniseARepeat() throws Exception {
        // given two workers (or one, restarted) sending the same key
        SmtpTool other = tool(settings(smtp.host(), smtp.port(), "none"), new SimpleMeterRegistry());

        // when
        answer(mail.invoke(call("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", "run-1:delivery:L-1")));
        answer(other.invoke(call("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", "run-1:delivery:L-1")));
        answer(mail.invoke(call("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", "run-1:delivery:L-2")));
        other.close();

        // then
        List<MimeMessage> received = smtp.received();
        assertThat(received).hasSize(3);
        assertThat(received.get(0).getMessageID()).isEqualTo(received.get(1).getMessageID())
                .isNotEqualTo(received.get(2).getMessageID());
    }

    @Test
    void shouldAnswerAKeySentRecentlyFromMemoryInsteadOfSendingItAgain() {
        // given
        ToolResult first = answer(mail.invoke(call("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", "k-1")));

        // when the runtime calls again with the same key (its first answer was lost to a tool time-out)
        ToolResult again = answer(mail.invoke(call("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", "k-1")));

        // then
        assertThat(again).isEqualTo(first);
        assertThat(smtp.received()).hasSize(1);
    }

    @Test
    void shouldEncodeAUnicodeSubjectAndDisplayName() throws Exception {
        // when
        answer(mail.invoke(call("to", "Zoë Åström <zoe@example.com>", "subject", "Grüße — 你好 🚀", "text", "Ça va ? ✓",
                "idempotency_key", "k-unicode")));

        // then
        MimeMessage received = smtp.received().get(0);
        assertThat(received.getHeader("Subject")[0]).startsWith("=?UTF-8?");
        assertThat(received.getSubject()).isEqualTo("Grüße — 你好 🚀");
        assertThat(received.getHeader("To")[0]).contains("=?UTF-8?");
        assertThat(received.getRecipients(RecipientType.TO)[0].toString()).contains("zoe@example.com");
        assertThat(received.getContent().toString()).isEqualTo("Ça va ? ✓");
    }

    @Test
    void shouldSendHtmlAsAnAlternativeToTheText() throws Exception {
        // when
        answer(mail.invoke(call("to", "ada@example.com", "subject", "s", "text", "plain", "html", "<p>rich</p>",
                "idempotency_key", "k-html")));

        // then
        MimeMessage received = smtp.received().get(0);
        assertThat(received.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getBodyPart(0).getContent().toString()).isEqualTo("plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(parts.getBodyPart(1).getContent().toString()).isEqualTo("<p>rich</p>");
    }

    @Test
    void shouldSendABccOnlyInTheEnvelope() throws Exception {
        // when
        answer(mail.invoke(call("to", "ada@example.com", "bcc", "audit@example.com", "subject", "s", "text", "t",
                "idempotency_key", "k-bcc")));

        // then
        assertThat(smtp.mailboxes()).containsOnlyKeys("ada@example.com", "audit@example.com");
        assertThat(smtp.mailboxes().get("audit@example.com").get(0).getHeader("Bcc")).isNull();
    }

    @Test
    void shouldSendToTheFixedRecipientsAndRefuseACallThatChoosesOthers() {
        // given
        SmtpTool fixed = tool(settings(smtp.host(), smtp.port(), "none", "to", "sales@example.com, ops@example.com"),
                new SimpleMeterRegistry());

        // when
        answer(fixed.invoke(call("fields", Map.of("email", "lead@example.com"), "subject", "s", "idempotency_key", "k-fixed")));
        Throwable refused = failure(fixed.invoke(call("to", "attacker@evil.example", "subject", "s", "idempotency_key", "k-2")));
        fixed.close();

        // then
        assertThat(smtp.mailboxes()).containsOnlyKeys("sales@example.com", "ops@example.com");
        assertThat(refused).isInstanceOf(PermanentException.class).hasMessageContaining("recipients are fixed by tool.mail.to");
    }

    @Test
    void shouldRefuseACallWithoutAnIdempotencyKeyBeforeConnecting() {
        Throwable refused = failure(mail.invoke(call("to", "ada@example.com", "subject", "s", "text", "t")));

        assertThat(((OrchestratorException) refused).type()).isEqualTo("MissingIdempotencyKey");
        assertThat(smtp.received()).isEmpty();
    }

    @Test
    void shouldMeterCallsByOutcomeAndThePoolItRunsOn() {
        // when one send succeeds and one is refused
        answer(mail.invoke(call("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", "k-m1")));
        failure(mail.invoke(call("to", "not an address", "subject", "s", "text", "t", "idempotency_key", "k-m2")));

        // then
        assertThat(registry.get(AdapterMeters.CALLS).tags("tool", "mail", "type", "smtp", "outcome", "ok", "error_type", "none")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get(AdapterMeters.CALLS).tags("outcome", "permanent", "error_type", "InputRefused").timer().count())
                .isEqualTo(1);
        assertThat(registry.get(AdapterMeters.SIZE).tags("tool", "mail").gauge().value()).isEqualTo(4.0);
        await().until(() -> registry.get(AdapterMeters.IN_USE).tags("tool", "mail").gauge().value() == 0.0);
        assertThat(registry.get(AdapterMeters.SATURATED).tags("tool", "mail").counter().count()).isZero();
    }

    @Test
    void shouldFailPermanentlyWhenStartTlsIsRequiredAndTheServerDoesNotOfferItNeverSendingInPlainText() {
        // given GreenMail's plain port, which offers no STARTTLS
        SmtpTool strict = tool(settings(smtp.host(), smtp.port(), "starttls"), new SimpleMeterRegistry());

        // when
        Throwable failed = failure(strict.invoke(call("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", "k-tls")));
        strict.close();

        // then
        assertThat(((OrchestratorException) failed).type()).isEqualTo("StartTlsUnavailable");
        assertThat(((OrchestratorException) failed).failureClass()).isEqualTo(FailureClass.PERMANENT);
        assertThat(smtp.received()).isEmpty();
    }

    @Test
    void shouldSendOverTlsToAServerItWasToldToTrust() throws Exception {
        // given GreenMail's SMTPS port and its self-signed certificate
        SmtpTool tls = tool(settings(smtp.host(), smtp.smtpsPort(), "tls", "trust", "*"), new SimpleMeterRegistry());

        // when
        answer(tls.invoke(call("to", "ada@example.com", "subject", "over tls", "text", "t", "idempotency_key", "k-smtps")));
        tls.close();

        // then
        assertThat(smtp.received()).extracting(m -> m.getSubject()).containsExactly("over tls");
    }

    @Test
    void shouldRefuseAnUntrustedCertificatePermanently() {
        // given the JVM's trust store, which does not know GreenMail's certificate
        SmtpTool tls = tool(settings(smtp.host(), smtp.smtpsPort(), "tls"), new SimpleMeterRegistry());

        // when
        Throwable failed = failure(tls.invoke(call("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", "k-untrusted")));
        tls.close();

        // then
        assertThat(((OrchestratorException) failed).type()).isEqualTo("TlsHandshakeFailed");
        assertThat(((OrchestratorException) failed).failureClass()).isEqualTo(FailureClass.PERMANENT);
        assertThat(smtp.received()).isEmpty();
    }
}
