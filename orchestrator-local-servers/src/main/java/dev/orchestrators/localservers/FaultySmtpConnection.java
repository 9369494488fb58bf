package dev.orchestrators.localservers;

import dev.orchestrators.localservers.FaultySmtpServer.Kind;
import dev.orchestrators.localservers.FaultySmtpServer.Rule;
import dev.orchestrators.localservers.FaultySmtpServer.Stage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLSocket;

/**
 * One connection to a {@link FaultySmtpServer}: reads commands, answers each by the server's rules or as a
 * well-behaved server would, reads message data up to the terminating dot, upgrades with STARTTLS. Confined to its
 * connection's thread.
 */
final class FaultySmtpConnection implements AutoCloseable {
    private final FaultySmtpServer server;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    FaultySmtpConnection(FaultySmtpServer server, Socket socket) throws IOException {
        this.server = server;
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
            server.received(verb.equals("AUTH") ? authShown(line) : line);
            if (!command(verb, line)) {
                return;
            }
        }
    }

    /** Answers one command; false when the connection is over. */
    private boolean command(String verb, String line) throws IOException, InterruptedException {
        switch (verb) {
            case "EHLO": return answer(Stage.EHLO, 250, "faulty\r\n250-8BITMIME\r\n250-AUTH PLAIN LOGIN\r\n"
                    + (server.tls() != null && !(socket instanceof SSLSocket) ? "250-STARTTLS\r\n" : "") + "250 SIZE 10485760");
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
        if (server.tls() == null || socket instanceof SSLSocket) {
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
        SSLSocket ssl = (SSLSocket) server.tls().getSocketFactory().createSocket(socket, socket.getInetAddress().getHostAddress(),
                socket.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        server.opened(ssl);
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
        int number = server.receivedMessage(body.toString());
        return answer(Stage.END_OF_DATA, 250, "2.0.0 Ok: queued as " + number, code);
    }

    private boolean answer(Stage stage, int code, String text) throws IOException, InterruptedException {
        return answer(stage, code, text, new int[1]);
    }

    /** Answers {@code stage} by its rule or as given; false when the connection was dropped. */
    private boolean answer(Stage stage, int code, String text, int[] sent) throws IOException, InterruptedException {
        Rule rule = server.ruleFor(stage);
        if (rule != null && rule.kind() == Kind.DROP) {
            socket.close();
            return false;
        }
        if (rule != null && rule.kind() == Kind.STALL) {
            if (!server.awaitRelease()) {
                return false;
            }
            rule = null;
        }
        sent[0] = rule == null ? code : rule.code();
        if (stage == Stage.END_OF_DATA && sent[0] == 250) {
            server.countAccepted(); // before the reply: a client that has it sees the count
        }
        send(sent[0] + (sent[0] == 250 && text.contains("\r\n") && rule == null ? "-" : " ")
                + (rule == null ? text : rule.text()));
        if (rule != null && rule.kind() == Kind.REPLY_THEN_DROP) {
            socket.close();
            return false;
        }
        return true;
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

    private static String authShown(String line) {
        String[] parts = line.split(" ");
        return parts.length > 1 ? "AUTH " + parts[1] : "AUTH";
    }
}
