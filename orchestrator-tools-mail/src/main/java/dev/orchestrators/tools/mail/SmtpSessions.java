package dev.orchestrators.tools.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool's SMTP connections, kept open between sends so that a send costs its SMTP commands, not a TCP and TLS
 * handshake, EHLO and AUTH each time. At most {@code pool.size} exist, because at most that many threads of the
 * tool's {@code BlockingCalls} use them at once: a thread takes an idle connection (or opens one), sends, and gives
 * it back. A connection is closed instead of kept when a send on it failed in any way (its state is unknown), after
 * {@code session.max.messages} messages, or when it sat idle longer than {@code session.idle.ms}.
 *
 * <p>A kept connection may have been closed by the server meanwhile (idle time-outs are often shorter than ours). If
 * the first command of a send on a kept connection finds it closed (no reply, or 421), nothing of the message went
 * out, so the send is retried once on a new connection instead of failing. Thread-safe.
 */
final class SmtpSessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpSessions.class);

    /** A connection and its use. */
    private record Pooled(TrackingSmtpTransport transport, long idleSince, int messages) {
    }

    /** What a successful send answered. */
    record Receipt(String serverReply) {
    }

    private final SmtpSettings settings;
    private final Session session;
    private final LongSupplier nanoTime;
    private final BlockingQueue<Pooled> idle;
    private volatile boolean closed;

    SmtpSessions(SmtpSettings settings, Session session, LongSupplier nanoTime) {
        this.settings = settings;
        this.session = session;
        this.nanoTime = nanoTime;
        this.idle = new ArrayBlockingQueue<>(settings.poolSize());
    }

    /**
     * Sends {@code mail} on a kept or new connection. Blocks: call it on a tool thread.
     *
     * @throws SmtpAttemptException the failure and the phase it happened in
     */
    Receipt send(MailComposer.Composed mail) throws SmtpAttemptException {
        Pooled pooled = take();
        try {
            return sendOn(pooled, mail);
        } catch (SmtpAttemptException e) {
            if (pooled.messages() > 0 && isStale(e)) {
                LOG.debug("tool '{}': a kept SMTP connection was closed by the server; sending on a new one", settings.tool());
                return sendOn(new Pooled(open(), nanoTime.getAsLong(), 0), mail);
            }
            throw e;
        }
    }

    private Receipt sendOn(Pooled pooled, MailComposer.Composed mail) throws SmtpAttemptException {
        TrackingSmtpTransport transport = pooled.transport();
        transport.beginMessage();
        try {
            transport.sendMessage(mail.message(), mail.recipients().toArray(jakarta.mail.Address[]::new));
        } catch (MessagingException | RuntimeException e) {
            SmtpAttemptException failure = SmtpAttemptException.of(e, transport);
            discard(transport);
            throw failure;
        }
        String reply = transport.getLastServerResponse();
        giveBack(new Pooled(transport, nanoTime.getAsLong(), pooled.messages() + 1));
        return new Receipt(reply == null ? "" : reply.strip());
    }

    /** Whether the failure is a kept connection the server had closed, found by the first command of the send. */
    private static boolean isStale(SmtpAttemptException e) {
        boolean lost = e.failureReply() == -1 || e.failureReply() == 421;
        for (Throwable t = e.getCause(); t != null && !lost; t = t.getCause() == t ? null : t.getCause()) {
            lost = t instanceof java.io.IOException;
        }
        return e.phase() == SendPhase.MAIL && lost;
    }

    private Pooled take() throws SmtpAttemptException {
        long now = nanoTime.getAsLong();
        for (Pooled p = idle.poll(); p != null; p = idle.poll()) {
            if ((now - p.idleSince()) / 1_000_000 <= settings.sessionIdleMs()) {
                return p;
            }
            discard(p.transport());
        }
        return new Pooled(open(), now, 0);
    }

    private void giveBack(Pooled pooled) {
        boolean kept = !closed && pooled.messages() < settings.sessionMaxMessages() && idle.offer(pooled);
        if (!kept) {
            discard(pooled.transport());
        } else if (closed && idle.remove(pooled)) {
            discard(pooled.transport()); // close() ran while it was being given back
        }
    }

    /**
     * A new connection: TCP, TLS as configured, EHLO, AUTH with the password read now.
     *
     * @throws SmtpAttemptException the failure and the phase it happened in
     */
    TrackingSmtpTransport open() throws SmtpAttemptException {
        if (closed) {
            throw new SmtpAttemptException(new IllegalStateException("tool '" + settings.tool() + "' is closed"),
                    SendPhase.CONNECT, TrackingSmtpTransport.NO_REPLY, TrackingSmtpTransport.NO_REPLY);
        }
        TrackingSmtpTransport transport = new TrackingSmtpTransport(session, settings.host(), settings.port());
        try {
            boolean auth = !settings.user().isEmpty();
            transport.connect(settings.host(), settings.port(), auth ? settings.user() : null,
                    auth ? settings.password().reveal() : null);
            if (auth && !transport.supportsExtension("AUTH")) {
                discard(transport);
                throw new SmtpAttemptException(new jakarta.mail.AuthenticationFailedException(
                        "the server offers no AUTH, so the configured user cannot authenticate"), SendPhase.AUTH,
                        TrackingSmtpTransport.NO_REPLY, TrackingSmtpTransport.NO_REPLY);
            }
            return transport;
        } catch (MessagingException | RuntimeException e) {
            SmtpAttemptException failure = SmtpAttemptException.of(e, transport);
            discard(transport);
            throw failure;
        }
    }

    /** Closes {@code transport} without waiting for the server. */
    static void discard(TrackingSmtpTransport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException ignored) {
            // the connection is being dropped anyway
        }
    }

    /** Closes every idle connection; connections in use are closed when given back. */
    @Override
    public void close() {
        closed = true;
        for (Pooled p = idle.poll(); p != null; p = idle.poll()) {
            discard(p.transport());
        }
    }
}
