package dev.orchestrators.tools.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus Mail's {@link SMTPTransport}, watching the commands it writes and the replies it reads, so that a failure
 * can be placed in its {@link SendPhase}: in particular, whether the terminating dot of the message had been
 * written ({@link SendPhase#END_OF_DATA}) and whether the server answered it. Jakarta Mail's exceptions alone do
 * not say this reliably: after a lost connection it issues {@code RSET}, whose failure replaces the original one.
 *
 * <p>It overrides the protected hooks {@code SMTPTransport} documents for subclasses ({@code sendCommand},
 * {@code readServerResponse}, {@code data}, {@code finishData}); it never keeps a command's text (an {@code AUTH}
 * line carries credentials), only the phase it starts. Not thread-safe, like the transport: one thread uses a
 * session at a time.
 */
final class TrackingSmtpTransport extends SMTPTransport {
    /** {@link #endOfDataReply()} when no reply to the dot was read (the connection broke or the read timed out). */
    static final int NO_REPLY = Integer.MIN_VALUE;

    private SendPhase phase = SendPhase.CONNECT;
    private boolean awaitingEndOfDataReply;
    private int endOfDataReply = NO_REPLY;
    private int failureReply = NO_REPLY;

    /**
     * @param session the mail session whose {@code mail.smtp.*} properties configure the connection
     * @param host    the server
     * @param port    its port
     */
    TrackingSmtpTransport(Session session, String host, int port) {
        super(session, new URLName("smtp", host, port, null, null, null), "smtp", false);
    }

    /** The phase the session is in (after a failure: the phase that failed). */
    SendPhase phase() {
        return phase;
    }

    /** The reply code the server gave the terminating dot, -1 for end of stream, or {@link #NO_REPLY}. */
    int endOfDataReply() {
        return endOfDataReply;
    }

    /**
     * The first failure reply (a 4xx or 5xx code, or -1 for end of stream) read since the command that started the
     * current phase, or {@link #NO_REPLY}. Jakarta Mail issues {@code RSET} after a refusal; when that fails too (the
     * server closed after a 421), its exception replaces the refusal, but this still holds the 421.
     */
    int failureReply() {
        return failureReply;
    }

    /** Starts tracking a new message on this (connected) session. */
    void beginMessage() {
        phase = SendPhase.MAIL;
        awaitingEndOfDataReply = false;
        endOfDataReply = NO_REPLY;
        failureReply = NO_REPLY;
    }

    @Override
    protected void sendCommand(String command) throws MessagingException {
        SendPhase next = SendPhase.startedBy(command);
        if (next != null) {
            phase = next;
            awaitingEndOfDataReply = next == SendPhase.END_OF_DATA;
            failureReply = NO_REPLY;
        }
        super.sendCommand(command);
    }

    @Override
    protected int readServerResponse() throws MessagingException {
        int code = super.readServerResponse(); // when it throws, no reply was read: the dot stays unanswered
        if (failureReply == NO_REPLY && (code == -1 || code >= 400)) {
            failureReply = code;
        }
        if (awaitingEndOfDataReply) {
            awaitingEndOfDataReply = false;
            endOfDataReply = code;
        }
        return code;
    }

    @Override
    protected OutputStream data() throws MessagingException {
        OutputStream body = super.data();
        phase = SendPhase.BODY;
        return body;
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        super.finishData();
        phase = SendPhase.ACCEPTED;
    }
}
