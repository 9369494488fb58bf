package dev.orchestrators.tools.mail;

/**
 * How far an SMTP session got, as {@link TrackingSmtpTransport} saw it from the commands it wrote. The phase a
 * failure happened in decides what it means: before {@link #END_OF_DATA} the server cannot have accepted the
 * message (RFC 5321 4.1.1.4: a message without its terminating dot is not delivered), so the failure is
 * determinate; from {@link #END_OF_DATA} on, only a reply to the dot tells.
 */
enum SendPhase {
    /** TCP connect, the greeting and EHLO (or HELO). */
    CONNECT,
    /** STARTTLS and the TLS handshake. */
    STARTTLS,
    /** AUTH and its exchange. */
    AUTH,
    /** MAIL FROM. */
    MAIL,
    /** RCPT TO, once per recipient. */
    RCPT,
    /** DATA written, waiting for its 354. */
    DATA,
    /** 354 received, the message being written; no terminating dot yet. */
    BODY,
    /** The terminating dot is being written or was written; its reply has not been read yet. */
    END_OF_DATA,
    /** The server answered the dot with 250: the message was accepted. */
    ACCEPTED;

    /** The phase that writing the command line {@code command} starts, or {@code null} for one that starts none. */
    static SendPhase startedBy(String command) {
        if (command.equals(".")) {
            return END_OF_DATA;
        }
        int space = command.indexOf(' ');
        String verb = (space < 0 ? command : command.substring(0, space)).toUpperCase(java.util.Locale.ROOT);
        return switch (verb) {
            case "EHLO", "HELO" -> CONNECT;
            case "STARTTLS" -> STARTTLS;
            case "AUTH" -> AUTH;
            case "MAIL" -> MAIL;
            case "RCPT" -> RCPT;
            case "DATA" -> DATA;
            default -> null; // RSET after a failure, NOOP, QUIT: they must not hide the phase that failed
        };
    }
}
