package dev.orchestrators.localservers;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

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

    private enum Kind { REPLY, REPLY_THEN_DROP, DROP, STALL }

    private record Rule(Kind kind, int code, String text, AtomicInteger remaining) {
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
        try (Session session = new Session(socket)) {
            session.run();
        } catch (IOException | InterruptedException e) {
            // the client went away or the server closed: nothing to answer
        } finally {
            open.remove(socket);
        }
    }

    /** One connection's dialogue. */
    private final class Session implements AutoCloseable {
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Session(Socket socket) throws IOException {
            use(socket);
        }

        private void use(Socket s) throws IOException {
            socket = s;
            in = new BufferedInputStream(s.getInputStream());
            out = s.getOutputStream();
        }

        void run() throws IOException, InterruptedException {
            if (!answer(Stage.GREETING, 220, "faulty ESMTP ready")) {
                return;
            }
            for (String line = readLine(); line != null; line = readLine()) {
                String verb = (line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line).toUpperCase(Locale.ROOT);
                commands.add(verb.equals("AUTH") ? authShown(line) : line);
                if (!command(verb, line)) {
                    return;
                }
            }
        }

        /** Answers one command; false when the connection is over. */
        private boolean command(String verb, String line) throws IOException, InterruptedException {
            switch (verb) {
                case "EHLO": return answer(Stage.EHLO, 250, "faulty\r\n250-8BITMIME\r\n250-AUTH PLAIN LOGIN\r\n"
                        + (tls != null && !(socket instanceof SSLSocket) ? "250-STARTTLS\r\n" : "") + "250 SIZE 10485760");
                case "HELO": return answer(Stage.EHLO, 250, "faulty");
                case "STARTTLS": return startTls();
                case "AUTH": return auth(line);
                case "MAIL": return answer(Stage.MAIL, 250, "2.1.0 Ok");
                case "RCPT": return answer(Stage.RCPT, 250, "2.1.5 Ok");
                case "DATA": return data();
                case "RSET": return answer(Stage.RSET, 250, "2.0.0 Ok");
                case "NOOP": return answer(Stage.NOOP, 250, "2.0.0 Ok");
                case "QUIT": answer(Stage.QUIT, 221, "2.0.0 Bye"); return false;
                default: send("502 5.5.2 Error: command not recognized"); return true;
            }
        }

        private boolean startTls() throws IOException, InterruptedException {
            if (tls == null || socket instanceof SSLSocket) {
                send("502 5.5.1 STARTTLS not offered");
                return true;
            }
            int[] code = new int[1];
            if (!answer(Stage.STARTTLS, 220, "2.0.0 Ready to start TLS", code)) {
                return false;
            }
            if (code[0] != 220) {
                return true;
            }
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, socket.getInetAddress().getHostAddress(),
                    socket.getPort(), true);
            ssl.setUseClientMode(false);
            ssl.startHandshake();
            open.add(ssl);
            use(ssl);
            return true;
        }

        private boolean auth(String line) throws IOException, InterruptedException {
            String[] parts = line.split(" ");
            String mechanism = parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "";
            if (mechanism.equals("LOGIN")) {
                send("334 VXNlcm5hbWU6");
                readLine();
                send("334 UGFzc3dvcmQ6");
                readLine();
            } else if (mechanism.equals("PLAIN") && parts.length < 3) {
                send("334 ");
                readLine();
            }
            return answer(Stage.AUTH, 235, "2.7.0 Authentication successful");
        }

        private boolean data() throws IOException, InterruptedException {
            int[] code = new int[1];
            if (!answer(Stage.DATA, 354, "End data with <CR><LF>.<CR><LF>", code)) {
                return false;
            }
            if (code[0] != 354) {
                return true;
            }
            StringBuilder body = new StringBuilder();
            for (String line = readLine(); ; line = readLine()) {
                if (line == null) {
                    return false; // the client went away mid-message: nothing was received whole
                }
                if (line.equals(".")) {
                    break;
                }
                body.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
            }
            messages.add(body.toString());
            return answer(Stage.END_OF_DATA, 250, "2.0.0 Ok: queued as " + messages.size(), code);
        }

        private boolean answer(Stage stage, int code, String text) throws IOException, InterruptedException {
            return answer(stage, code, text, new int[1]);
        }

        /** Answers {@code stage} by its rule or as given; false when the connection was dropped. */
        private boolean answer(Stage stage, int code, String text, int[] sent) throws IOException, InterruptedException {
            Rule rule = ruleFor(stage);
            if (rule != null && rule.kind() == Kind.DROP) {
                socket.close();
                return false;
            }
            if (rule != null && rule.kind() == Kind.STALL) {
                released.await();
                if (closed) {
                    return false;
                }
                rule = null;
            }
            sent[0] = rule == null ? code : rule.code();
            if (stage == Stage.END_OF_DATA && sent[0] == 250) {
                accepted.incrementAndGet(); // before the reply: a client that has it sees the count
            }
            send(sent[0] + (sent[0] == 250 && text.contains("\r\n") && rule == null ? "-" : " ")
                    + (rule == null ? text : rule.text()));
            if (rule != null && rule.kind() == Kind.REPLY_THEN_DROP) {
                socket.close();
                return false;
            }
            return true;
        }

        private Rule ruleFor(Stage stage) {
            for (Rule rule : rules.getOrDefault(stage, List.of())) {
                if (rule.take()) {
                    return rule;
                }
            }
            return null;
        }

        private void send(String reply) throws IOException {
            out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String authShown(String line) {
        String[] parts = line.split(" ");
        return parts.length > 1 ? "AUTH " + parts[1] : "AUTH";
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
