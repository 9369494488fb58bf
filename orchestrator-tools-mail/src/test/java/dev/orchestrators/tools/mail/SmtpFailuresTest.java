package dev.orchestrators.tools.mail;

import static dev.orchestrators.tools.mail.TrackingSmtpTransport.NO_REPLY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.IndeterminateOutcomeException;
import dev.orchestrators.core.errors.OrchestratorException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;

/** One test per row of the table in {@link SmtpFailures}. */
class SmtpFailuresTest {
    private static final String KEY = "run-1:delivery:L-1";
    private final SmtpFailures failures = new SmtpFailures("mail");

    private OrchestratorException classify(Throwable failure, SendPhase phase, int failureReply) {
        return failures.classify(failure, phase, NO_REPLY, failureReply, KEY);
    }

    private static SMTPSendFailedException refused(String command, int code, String reply) {
        return new SMTPSendFailedException(command, code, reply, null, null, null, null);
    }

    @Test
    void shouldBeIndeterminateWhenTheReplyToTheDotTimesOut() {
        // given the whole message was written and the read of the reply timed out
        MessagingException failure = new MessagingException("Exception reading response", new SocketTimeoutException("Read timed out"));

        // when
        OrchestratorException outcome = failures.classify(failure, SendPhase.END_OF_DATA, NO_REPLY, NO_REPLY, KEY);

        // then
        assertThat(outcome).isInstanceOf(IndeterminateOutcomeException.class);
        assertThat(((IndeterminateOutcomeException) outcome).idempotencyKey()).isEqualTo(KEY);
        assertThat(outcome.failureClass()).isEqualTo(FailureClass.PERMANENT);
    }

    @Test
    void shouldBeIndeterminateWhenTheConnectionEndsInsteadOfTheReplyToTheDot() {
        OrchestratorException outcome = failures.classify(refused(".", -1, "[EOF]"), SendPhase.END_OF_DATA, -1, -1, KEY);

        assertThat(outcome).isInstanceOf(IndeterminateOutcomeException.class);
    }

    @Test
    void shouldBeIndeterminateWhenTheRsetAfterALostDotReplyFailsInstead() {
        // given Jakarta Mail's RSET after the end of stream failed and replaced the original failure
        MessagingException failure = new MessagingException("Can't send command to SMTP host", new SocketException("Broken pipe"));

        OrchestratorException outcome = failures.classify(failure, SendPhase.END_OF_DATA, -1, -1, KEY);

        assertThat(outcome).isInstanceOf(IndeterminateOutcomeException.class);
    }

    @Test
    void shouldTrustARefusalOfTheDotAsDeterminate() {
        OrchestratorException outcome = failures.classify(refused(".", 554, "554 5.7.1 looks like spam"),
                SendPhase.END_OF_DATA, 554, 554, KEY);

        assertOutcome(outcome, FailureClass.PERMANENT, "TransactionFailed");
        assertThat(outcome.getMessage()).contains("554 5.7.1 looks like spam");
    }

    @Test
    void shouldRetryATemporaryAuthenticationFailure() {
        OrchestratorException outcome = classify(new AuthenticationFailedException("454 4.7.0 Temporary authentication failure"),
                SendPhase.AUTH, 454);

        assertOutcome(outcome, FailureClass.TRANSIENT, "AuthenticationUnavailable");
    }

    @Test
    void shouldFailPermanentlyOnRefusedCredentialsWithoutQuotingTheServer() {
        // given a server that echoes what it was sent
        OrchestratorException outcome = classify(new AuthenticationFailedException("535 5.7.8 bad credentials AGFsaWNlAHMzY3JldA=="),
                SendPhase.AUTH, 535);

        assertOutcome(outcome, FailureClass.PERMANENT, "AuthenticationFailed");
        assertThat(outcome.getMessage()).contains("535").doesNotContain("AGFsaWNlAHMzY3JldA==");
        assertThat(outcome.getCause()).isNull();
    }

    @Test
    void shouldFailPermanentlyWhenNoAuthenticationMechanismIsInCommon() {
        OrchestratorException outcome = classify(new AuthenticationFailedException("No authentication mechanisms supported by both server and client"),
                SendPhase.CONNECT, NO_REPLY);

        assertOutcome(outcome, FailureClass.PERMANENT, "AuthenticationFailed");
    }

    @Test
    void shouldRetryA421() {
        assertOutcome(classify(refused("MAIL FROM:<a@example.com>", 421, "421 4.3.2 shutting down"), SendPhase.MAIL, 421),
                FailureClass.TRANSIENT, "ServiceUnavailable");
    }

    @Test
    void shouldRetryA421EvenWhenTheRsetAfterItFailedInstead() {
        MessagingException failure = new MessagingException("Exception reading response", new SocketException("Connection reset"));

        assertOutcome(classify(failure, SendPhase.MAIL, 421), FailureClass.TRANSIENT, "ServiceUnavailable");
    }

    @Test
    void shouldRetryA421Greeting() {
        MessagingException failure = new MessagingException("Got bad greeting from SMTP host: mx, port: 25, response: 421");

        assertOutcome(classify(failure, SendPhase.CONNECT, 421), FailureClass.TRANSIENT, "ServiceUnavailable");
    }

    @Test
    void shouldRetryA450() {
        assertOutcome(classify(refused("MAIL FROM:<a@example.com>", 450, "450 4.2.0 greylisted"), SendPhase.MAIL, 450),
                FailureClass.TRANSIENT, "MailboxUnavailable");
    }

    @Test
    void shouldRetryA451() {
        assertOutcome(classify(refused("DATA", 451, "451 4.3.0 local error"), SendPhase.DATA, 451),
                FailureClass.TRANSIENT, "LocalError");
    }

    @Test
    void shouldRetryA452() {
        assertOutcome(classify(refused("MAIL FROM:<a@example.com>", 452, "452 4.3.1 insufficient storage"), SendPhase.MAIL, 452),
                FailureClass.TRANSIENT, "InsufficientStorage");
    }

    @Test
    void shouldRetryAnyOther4xx() {
        assertOutcome(classify(refused("MAIL FROM:<a@example.com>", 471, "471 4.7.0 try later"), SendPhase.MAIL, 471),
                FailureClass.TRANSIENT, "TemporaryFailure");
    }

    @Test
    void shouldFailPermanentlyOnA530() {
        assertOutcome(classify(refused("MAIL FROM:<a@example.com>", 530, "530 5.7.0 authentication required"), SendPhase.MAIL, 530),
                FailureClass.PERMANENT, "AuthenticationRequired");
    }

    @Test
    void shouldFailPermanentlyOnA550() {
        assertOutcome(classify(refused("MAIL FROM:<a@example.com>", 550, "550 5.7.1 sender refused"), SendPhase.MAIL, 550),
                FailureClass.PERMANENT, "MailboxUnavailable");
    }

    @Test
    void shouldFailPermanentlyOnA551() {
        assertOutcome(classify(refused("MAIL FROM:<a@example.com>", 551, "551 5.1.6 user not local"), SendPhase.MAIL, 551),
                FailureClass.PERMANENT, "UserNotLocal");
    }

    @Test
    void shouldFailPermanentlyOnA552() {
        assertOutcome(classify(refused("DATA", 552, "552 5.3.4 message too big"), SendPhase.DATA, 552),
                FailureClass.PERMANENT, "StorageExceeded");
    }

    @Test
    void shouldFailPermanentlyOnA553() {
        assertOutcome(classify(refused("MAIL FROM:<a@example.com>", 553, "553 5.1.3 bad sender"), SendPhase.MAIL, 553),
                FailureClass.PERMANENT, "MailboxNameInvalid");
    }

    @Test
    void shouldFailPermanentlyOnA554() {
        assertOutcome(classify(refused("DATA", 554, "554 5.5.0 no valid recipients"), SendPhase.DATA, 554),
                FailureClass.PERMANENT, "TransactionFailed");
    }

    @Test
    void shouldFailPermanentlyOnAnyOther5xx() {
        assertOutcome(classify(refused("MAIL FROM:<a@example.com>", 557, "557 5.7.0 no"), SendPhase.MAIL, 557),
                FailureClass.PERMANENT, "Rejected");
    }

    @Test
    void shouldFailPermanentlyWhenAnyRecipientIsRefusedFor5xxAndNameThemAll() throws Exception {
        // given one recipient deferred and one refused
        SendFailedException failure = new SendFailedException("Invalid Addresses");
        failure.setNextException(new SMTPAddressFailedException(new InternetAddress("busy@example.com"), "RCPT TO:<busy@example.com>", 450, "450 4.2.1 busy"));
        failure.setNextException(new SMTPAddressFailedException(new InternetAddress("gone@example.com"), "RCPT TO:<gone@example.com>", 550, "550 5.1.1 no such user"));

        // when
        OrchestratorException outcome = classify(failure, SendPhase.RCPT, NO_REPLY);

        // then
        assertOutcome(outcome, FailureClass.PERMANENT, "MailboxUnavailable");
        assertThat(outcome.getMessage()).contains("busy@example.com: 450 4.2.1 busy", "gone@example.com: 550 5.1.1 no such user",
                "sent to nobody");
    }

    @Test
    void shouldRetryWhenEveryRefusedRecipientWasDeferred() throws Exception {
        SendFailedException failure = new SendFailedException("Invalid Addresses");
        failure.setNextException(new SMTPAddressFailedException(new InternetAddress("busy@example.com"), "RCPT TO:<busy@example.com>", 452, "452 4.5.3 too many recipients"));

        assertOutcome(classify(failure, SendPhase.RCPT, NO_REPLY), FailureClass.TRANSIENT, "InsufficientStorage");
    }

    @Test
    void shouldFailPermanentlyWhenStartTlsIsRequiredButNotOffered() {
        MessagingException failure = new MessagingException("STARTTLS is required but host does not support STARTTLS");

        assertOutcome(classify(failure, SendPhase.CONNECT, NO_REPLY), FailureClass.PERMANENT, "StartTlsUnavailable");
    }

    @Test
    void shouldFailPermanentlyWhenTheTlsHandshakeIsRefused() {
        MessagingException failure = new MessagingException("Could not convert socket to TLS",
                new SSLHandshakeException("PKIX path building failed"));

        assertOutcome(classify(failure, SendPhase.STARTTLS, NO_REPLY), FailureClass.PERMANENT, "TlsHandshakeFailed");
    }

    @Test
    void shouldRetryARefusedConnection() {
        MailConnectException failure = new MailConnectException(new SocketConnectException("Couldn't connect",
                new ConnectException("Connection refused"), "mx", 25, 5000));

        assertOutcome(classify(failure, SendPhase.CONNECT, NO_REPLY), FailureClass.TRANSIENT, "ConnectionRefused");
    }

    @Test
    void shouldRetryAConnectTimeout() {
        MailConnectException failure = new MailConnectException(new SocketConnectException("Couldn't connect",
                new SocketTimeoutException("Connect timed out"), "mx", 25, 5000));

        assertOutcome(classify(failure, SendPhase.CONNECT, NO_REPLY), FailureClass.TRANSIENT, "ConnectTimeout");
    }

    @Test
    void shouldRetryAnUnknownHost() {
        MessagingException failure = new MessagingException("Unknown SMTP host: mx", new UnknownHostException("mx"));

        assertOutcome(classify(failure, SendPhase.CONNECT, NO_REPLY), FailureClass.TRANSIENT, "UnknownHost");
    }

    @Test
    void shouldRetryAReadTimeoutBeforeTheMessageWasSent() {
        MessagingException failure = new MessagingException("Exception reading response", new SocketTimeoutException("Read timed out"));

        assertOutcome(classify(failure, SendPhase.RCPT, NO_REPLY), FailureClass.TRANSIENT, "Timeout");
    }

    @Test
    void shouldRetryAConnectionLostBeforeTheMessageWasSent() {
        assertOutcome(classify(refused("MAIL FROM:<a@example.com>", -1, "[EOF]"), SendPhase.MAIL, -1),
                FailureClass.TRANSIENT, "ConnectionLost");
    }

    @Test
    void shouldRetryAConnectionLostWhileTheBodyWasWrittenBecauseTheServerNeverSawItsEnd() {
        MessagingException failure = new MessagingException("IOException while sending message", new SocketException("Broken pipe"));

        assertOutcome(classify(failure, SendPhase.BODY, NO_REPLY), FailureClass.TRANSIENT, "ConnectionLost");
    }

    @Test
    void shouldRetryAnythingElseUntilTheRetryBudgetRunsOut() {
        assertOutcome(classify(new MessagingException("something odd"), SendPhase.MAIL, NO_REPLY),
                FailureClass.TRANSIENT, "SmtpFailure");
    }

    private static void assertOutcome(OrchestratorException outcome, FailureClass failureClass, String type) {
        assertThat(outcome).isNotInstanceOf(IndeterminateOutcomeException.class);
        assertThat(outcome.failureClass()).as(outcome.getMessage()).isEqualTo(failureClass);
        assertThat(outcome.type()).as(outcome.getMessage()).isEqualTo(type);
        assertThat(outcome.getMessage()).startsWith("tool 'mail': ");
    }
}
