package dev.orchestrators.localservers;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A small SMTP server on raw sockets, scripted to fail: at a chosen {@link Stage} it answers a chosen reply (421,
 * 451, 550...), drops the connection without a reply, or stalls until {@link #release()}. {@link Stage#END_OF_DATA}
 * is the reply to the terminating dot: dropping there is the case where the whole message arrived and the client can
 * never know whether it was accepted. Without a rule, every stage answers like a well-behaved server (EHLO offers
 * AUTH PLAIN LOGIN, and STARTTLS when started with {@link #startWithStartTls()}, on GreenMail's self-signed
 * certificate). It records the command lines it received (AUTH only as its mechanism, never the credentials), the
 * messages it received whole, and how many it accepted. For tests and the bench; on 127.0.0.1, a thread per
 * connection. Thread-safe.
 *
 * <pre>{@code
 * try (FaultySmtpServer smtp = FaultySmtpServer.start().drop(FaultySmtpServer.Stage.END_OF_DATA)) {
 *     // send to 127.0.0.1:smtp.port(): the message arrives (smtp.messages()), the reply never does
 * }
 * }</pre>
 */
public final class FaultySmtpServer implements AutoCloseable {
    /** Where in the session a rule applies: the reply to the greeting, to a command, or to the end of data. */
    public enum Stage { GREETING, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, END_OF_DATA, RSET, NOOP, QUIT }

    /** What a rule does. */
    enum Kind { REPLY, REPLY_THEN_DROP, DROP, STALL }

    /** A scripted answer: its kind, its reply, and how many more times it applies (-1: always). */
    record Rule(Kind kind, int code, String text, AtomicInteger remaining) {
        boolean take() {
            return remaining.get() < 0 || remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        }
    }

    private final ServerSocket server;
    private final SSLContext tls;
    private final Map<Stage, List<Rule>> rules = new ConcurrentHashMap<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private FaultySmtpServer(SSLContext tls) throws IOException {
        this.tls = tls;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "faulty-smtp-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A server without STARTTLS. @throws IOException when no port can be bound */
    public static FaultySmtpServer start() throws IOException {
        return new FaultySmtpServer(null);
    }

    /** A server offering STARTTLS with GreenMail's self-signed certificate. @throws IOException when no port can be bound */
    public static FaultySmtpServer startWithStartTls() throws IOException {
        return new FaultySmtpServer(greenMailTls());
    }

    /** From now on, answer {@code stage} with {@code code text}; the connection stays open. */
    public FaultySmtpServer reply(Stage stage, int code, String text) {
        return rule(stage, new Rule(Kind.REPLY, code, text, new AtomicInteger(-1)));
    }

    /** The next {@code times} times, answer {@code stage} with {@code code text}; then as before. */
    public FaultySmtpServer replyTimes(Stage stage, int times, int code, String text) {
        return rule(stage, new Rule(Kind.REPLY, code, text, new AtomicInteger(times)));
    }

    /** The next {@code times} times, answer {@code stage} with {@code code text} and close the connection. */
    public FaultySmtpServer replyThenDrop(Stage stage, int times, int code, String text) {
        return rule(stage, new Rule(Kind.REPLY_THEN_DROP, code, text, new AtomicInteger(times)));
    }

    /** From now on, close the connection at {@code stage} without a reply. */
    public FaultySmtpServer drop(Stage stage) {
        return rule(stage, new Rule(Kind.DROP, 0, "", new AtomicInteger(-1)));
    }

    /** From now on, answer nothing at {@code stage} until {@link #release()} (or {@link #close()}), then answer normally. */
    public FaultySmtpServer stall(Stage stage) {
        return rule(stage, new Rule(Kind.STALL, 0, "", new AtomicInteger(-1)));
    }

    private synchronized FaultySmtpServer rule(Stage stage, Rule rule) {
        rules.computeIfAbsent(stage, s -> new CopyOnWriteArrayList<>()).add(0, rule);
        return this;
    }

    /** Lets every stalled (and every future stalled) reply go. */
    public void release() {
        released.countDown();
    }

    public String host() {
        return server.getInetAddress().getHostAddress();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** The command lines received, in order (AUTH as {@code AUTH <mechanism>} only). */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** The messages received whole (up to the terminating dot, dot-stuffing undone), whatever was answered. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** Messages answered with 250 at the end of data. */
    public int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                open.add(socket);
                Thread handler = new Thread(() -> serve(socket), "faulty-smtp-" + port() + "-" + connections.get());
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (FaultySmtpConnection connection = new FaultySmtpConnection(this, socket)) {
            connection.run();
        } catch (IOException | InterruptedException e) {
            // the client went away or the server closed: nothing to answer
        } finally {
            open.remove(socket);
        }
    }

    /** The rule that answers {@code stage} this time, or {@code null}: the server answers normally. */
    Rule ruleFor(Stage stage) {
        for (Rule rule : rules.getOrDefault(stage, List.of())) {
            if (rule.take()) {
                return rule;
            }
        }
        return null;
    }

    /** The STARTTLS context, or {@code null} when STARTTLS is not offered. */
    SSLContext tls() {
        return tls;
    }

    void received(String command) {
        commands.add(command);
    }

    /** Records a message received whole; its number. */
    int receivedMessage(String body) {
        messages.add(body);
        return messages.size();
    }

    void countAccepted() {
        accepted.incrementAndGet();
    }

    void opened(Socket socket) {
        open.add(socket);
    }

    /** Waits for {@link #release()}; false when the server closed meanwhile. */
    boolean awaitRelease() throws InterruptedException {
        released.await();
        return !closed;
    }

    private static SSLContext greenMailTls() throws IOException {
        try (InputStream keys = FaultySmtpServer.class.getClassLoader().getResourceAsStream("greenmail.p12")) {
            if (keys == null) {
                throw new IOException("greenmail.p12 (GreenMail's self-signed certificate) is not on the class path");
            }
            char[] password = "changeit".toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(keys, password);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot load GreenMail's certificate for STARTTLS", e);
        }
    }

    /** Stops accepting, releases stalled replies and closes every connection. */
    @Override
    public void close() throws IOException {
        closed = true;
        released.countDown();
        server.close();
        for (Socket socket : new ArrayList<>(open)) {
            socket.close();
        }
    }
}
