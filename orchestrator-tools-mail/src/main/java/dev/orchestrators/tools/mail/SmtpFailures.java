package dev.orchestrators.tools.mail;

import dev.orchestrators.core.errors.IndeterminateOutcomeException;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Classifies what went wrong in an SMTP session from the server's reply codes, the phase the session was in
 * ({@link SendPhase}) and the exception types of Jakarta Mail and the JDK. First matching row wins:
 *
 * <table>
 *   <caption>SMTP failures</caption>
 *   <tr><th>signal</th><th>phase</th><th>outcome</th><th>type</th></tr>
 *   <tr><td>no reply to the terminating dot (connection lost, read time-out)</td><td>END_OF_DATA</td>
 *       <td>indeterminate, not retried</td><td>{@code IndeterminateOutcome}</td></tr>
 *   <tr><td>4xx to AUTH (454 temporary authentication failure)</td><td>AUTH</td><td>transient</td>
 *       <td>{@code AuthenticationUnavailable}</td></tr>
 *   <tr><td>any other AUTH refusal (534, 535, 538; no mechanism in common)</td><td>AUTH</td><td>permanent</td>
 *       <td>{@code AuthenticationFailed}</td></tr>
 *   <tr><td>421 service not available, closing</td><td>any</td><td>transient</td><td>{@code ServiceUnavailable}</td></tr>
 *   <tr><td>450 mailbox unavailable (busy, greylisted)</td><td>any</td><td>transient</td><td>{@code MailboxUnavailable}</td></tr>
 *   <tr><td>451 local error in processing</td><td>any</td><td>transient</td><td>{@code LocalError}</td></tr>
 *   <tr><td>452 insufficient storage, too many recipients</td><td>any</td><td>transient</td><td>{@code InsufficientStorage}</td></tr>
 *   <tr><td>any other 4xx</td><td>any</td><td>transient</td><td>{@code TemporaryFailure}</td></tr>
 *   <tr><td>530 authentication required</td><td>any</td><td>permanent</td><td>{@code AuthenticationRequired}</td></tr>
 *   <tr><td>550 mailbox unavailable, policy</td><td>any</td><td>permanent</td><td>{@code MailboxUnavailable}</td></tr>
 *   <tr><td>551 user not local</td><td>any</td><td>permanent</td><td>{@code UserNotLocal}</td></tr>
 *   <tr><td>552 storage allocation exceeded, too big</td><td>any</td><td>permanent</td><td>{@code StorageExceeded}</td></tr>
 *   <tr><td>553 mailbox name not allowed</td><td>any</td><td>permanent</td><td>{@code MailboxNameInvalid}</td></tr>
 *   <tr><td>554 transaction failed</td><td>any</td><td>permanent</td><td>{@code TransactionFailed}</td></tr>
 *   <tr><td>any other 5xx</td><td>any</td><td>permanent</td><td>{@code Rejected}</td></tr>
 *   <tr><td>recipients refused: the first 5xx if any, else the first 4xx, by the rows above</td><td>RCPT</td>
 *       <td>as the code</td><td>as the code</td></tr>
 *   <tr><td>the server does not offer STARTTLS though {@code security=starttls} requires it</td><td>CONNECT</td>
 *       <td>permanent</td><td>{@code StartTlsUnavailable}</td></tr>
 *   <tr><td>TLS handshake refused ({@link SSLHandshakeException}: certificate, protocol)</td><td>CONNECT, STARTTLS</td>
 *       <td>permanent</td><td>{@code TlsHandshakeFailed}</td></tr>
 *   <tr><td>connection refused ({@link ConnectException})</td><td>CONNECT</td><td>transient</td><td>{@code ConnectionRefused}</td></tr>
 *   <tr><td>connect time-out ({@link SocketTimeoutException} in a {@link MailConnectException})</td><td>CONNECT</td>
 *       <td>transient</td><td>{@code ConnectTimeout}</td></tr>
 *   <tr><td>unknown host ({@link UnknownHostException})</td><td>CONNECT</td><td>transient</td><td>{@code UnknownHost}</td></tr>
 *   <tr><td>read time-out ({@link SocketTimeoutException})</td><td>before END_OF_DATA</td><td>transient</td><td>{@code Timeout}</td></tr>
 *   <tr><td>connection lost (end of stream, reset, broken pipe: {@link IOException})</td><td>before END_OF_DATA</td>
 *       <td>transient</td><td>{@code ConnectionLost}</td></tr>
 *   <tr><td>anything else</td><td>before END_OF_DATA</td><td>transient (until the retry budget runs out)</td><td>{@code SmtpFailure}</td></tr>
 * </table>
 *
 * <p>A reply to the dot (a 4xx or 5xx after {@code END_OF_DATA}) is determinate: the server said it did not take the
 * message, and the code's row applies. Messages quote the server's reply, except in AUTH, where only the code is
 * given (a server may echo what it was sent, and an AUTH line carries the credentials); the password is never in a
 * message. Stateless and thread-safe.
 */
final class SmtpFailures {
    private final String tool;

    SmtpFailures(String tool) {
        this.tool = tool;
    }

    /**
     * What {@code failure}, raised in {@code phase}, means to the caller.
     *
     * @param endOfDataReply the code the server answered the dot with, -1 (end of stream) or
     *                       {@link TrackingSmtpTransport#NO_REPLY}
     * @param failureReply   the first failure reply (4xx, 5xx, -1 for end of stream) the failing phase read, or
     *                       {@link TrackingSmtpTransport#NO_REPLY} (Jakarta Mail reports some refusals without their
     *                       code, a bad greeting or a refused STARTTLS, or replaces them by the failure of its RSET)
     * @param idempotencyKey the send's key, named by an indeterminate outcome ({@code null} for health checks)
     */
    OrchestratorException classify(Throwable failure, SendPhase phase, int endOfDataReply, int failureReply,
                                   String idempotencyKey) {
        if (phase == SendPhase.END_OF_DATA) {
            if (endOfDataReply >= 400) {
                return byCode(endOfDataReply, "the server refused the message after receiving it: "
                        + reply(failure, endOfDataReply), failure);
            }
            return new IndeterminateOutcomeException("tool '" + tool + "': the connection failed after the whole message "
                    + "was sent and before the server confirmed it (" + cause(failure) + "); the server may have "
                    + "accepted it, so it is not sent again: check the recipient's mailbox for the Message-ID",
                    idempotencyKey, failure);
        }
        boolean lost = find(failure, IOException.class) != null || failureReply == -1;
        if ((phase == SendPhase.AUTH || failure instanceof AuthenticationFailedException) && !lost) {
            return authentication(failure, failureReply);
        }
        if (failure instanceof SendFailedException sent && !(failure instanceof SMTPSendFailedException)) {
            OrchestratorException refused = recipients(sent);
            if (refused != null) {
                return refused;
            }
        }
        int code = replyCode(failure, failureReply);
        if (code >= 400) {
            return byCode(code, "the server answered " + phase + " with " + reply(failure, code), failure);
        }
        return byException(failure, phase, code);
    }

    private OrchestratorException authentication(Throwable failure, int failureReply) {
        int code = failureReply >= 400 ? failureReply : leadingCode(failure.getMessage());
        String what = code > 0 ? "reply " + code : "no mechanism in common or no reply";
        if (code >= 400 && code < 500) {
            return new TransientException("AuthenticationUnavailable", "tool '" + tool + "': the SMTP server could not "
                    + "authenticate now (" + what + ")", null);
        }
        // No cause attached: its message is the server's reply, which may echo the AUTH line.
        return new PermanentException("AuthenticationFailed", "tool '" + tool + "': the SMTP server refused the "
                + "configured user and password (" + what + "); check tool." + tool + ".user and .password", null);
    }

    private OrchestratorException recipients(SendFailedException failure) {
        List<SMTPAddressFailedException> refused = new ArrayList<>();
        for (Exception next = failure.getNextException(); next != null;
             next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPAddressFailedException address) {
                refused.add(address);
            }
        }
        if (refused.isEmpty()) {
            return null;
        }
        SMTPAddressFailedException decisive = refused.stream().filter(a -> a.getReturnCode() >= 500).findFirst()
                .orElse(refused.get(0));
        StringBuilder which = new StringBuilder();
        for (SMTPAddressFailedException a : refused) {
            which.append(which.length() == 0 ? "" : "; ").append(a.getAddress().getAddress()).append(": ")
                    .append(trim(a.getMessage()));
        }
        return byCode(decisive.getReturnCode(), "the server refused recipient(s), so the message was sent to nobody: "
                + which, failure);
    }

    private OrchestratorException byCode(int code, String what, Throwable cause) {
        String message = "tool '" + tool + "': " + what;
        return switch (code) {
            case 421 -> new TransientException("ServiceUnavailable", message, cause);
            case 450 -> new TransientException("MailboxUnavailable", message, cause);
            case 451 -> new TransientException("LocalError", message, cause);
            case 452 -> new TransientException("InsufficientStorage", message, cause);
            case 530 -> new PermanentException("AuthenticationRequired", message + "; configure tool." + tool
                    + ".user and .password", cause);
            case 550 -> new PermanentException("MailboxUnavailable", message, cause);
            case 551 -> new PermanentException("UserNotLocal", message, cause);
            case 552 -> new PermanentException("StorageExceeded", message, cause);
            case 553 -> new PermanentException("MailboxNameInvalid", message, cause);
            case 554 -> new PermanentException("TransactionFailed", message, cause);
            default -> code < 500 ? new TransientException("TemporaryFailure", message, cause)
                    : new PermanentException("Rejected", message, cause);
        };
    }

    private OrchestratorException byException(Throwable failure, SendPhase phase, int code) {
        String prefix = "tool '" + tool + "': ";
        if (phase == SendPhase.CONNECT && String.valueOf(failure.getMessage()).contains("STARTTLS")) {
            return new PermanentException("StartTlsUnavailable", prefix + "the SMTP server does not offer STARTTLS, and "
                    + "security=starttls requires it (never falls back to plain text); use security=tls on its TLS "
                    + "port, or security=none for a server on a trusted network", failure);
        }
        if (find(failure, SSLHandshakeException.class) != null) {
            return new PermanentException("TlsHandshakeFailed", prefix + "the TLS handshake failed (" + cause(failure)
                    + "); check the server's certificate against the trust store, or tool." + tool + ".trust", failure);
        }
        if (find(failure, UnknownHostException.class) != null) {
            return new TransientException("UnknownHost", prefix + "cannot resolve the SMTP host (" + cause(failure) + ")", failure);
        }
        if (find(failure, ConnectException.class) != null) {
            return new TransientException("ConnectionRefused", prefix + "the SMTP server refused the connection ("
                    + cause(failure) + ")", failure);
        }
        return network(failure, phase, code);
    }

    /** A failure of the connection itself, before the end of data: the message was not sent. */
    private TransientException network(Throwable failure, SendPhase phase, int code) {
        String prefix = "tool '" + tool + "': ";
        if (find(failure, SocketTimeoutException.class) != null) {
            boolean connecting = find(failure, MailConnectException.class) != null;
            return new TransientException(connecting ? "ConnectTimeout" : "Timeout", prefix + (connecting
                    ? "connecting to the SMTP server timed out" : "the SMTP server did not answer " + phase + " in time")
                    + " (" + cause(failure) + ")", failure);
        }
        if (code == -1 || find(failure, IOException.class) != null) {
            return new TransientException("ConnectionLost", prefix + "the connection to the SMTP server was lost in "
                    + phase + " (" + cause(failure) + "); the message was not sent", failure);
        }
        return new TransientException("SmtpFailure", prefix + "the SMTP session failed in " + phase + " ("
                + cause(failure) + ")", failure);
    }

    /** The reply code the failure carries, else the failure reply the phase read (-1: end of stream; 0: none). */
    private static int replyCode(Throwable failure, int failureReply) {
        if (failure instanceof SMTPSendFailedException sent && sent.getReturnCode() >= 400) {
            return sent.getReturnCode();
        }
        if (failure instanceof SMTPAddressFailedException address) {
            return address.getReturnCode();
        }
        return failureReply == TrackingSmtpTransport.NO_REPLY ? 0 : failureReply;
    }

    private static int leadingCode(String text) {
        if (text == null || text.length() < 3) {
            return -1;
        }
        for (int i = 0; i < 3; i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(text.substring(0, 3));
    }

    /** The server's reply as the failure quotes it, else its code and what went wrong with it. */
    private static String reply(Throwable failure, int code) {
        String message = failure.getMessage();
        if (message != null && message.startsWith(Integer.toString(code))) {
            return trim(message);
        }
        return "reply " + code + " (" + cause(failure) + ")";
    }

    /** The innermost cause's type and message: what actually went wrong. */
    private static String cause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + trim(root.getMessage()));
    }

    private static String trim(String text) {
        if (text == null) {
            return "";
        }
        String one = text.strip().replaceAll("\\s+", " ");
        return one.length() <= 300 ? one : one.substring(0, 300) + "...";
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

}
