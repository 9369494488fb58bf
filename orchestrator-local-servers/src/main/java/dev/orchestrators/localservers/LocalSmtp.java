package dev.orchestrators.localservers;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A real SMTP server in this JVM (GreenMail) on 127.0.0.1: plain SMTP on one free port and SMTPS (TLS from the
 * first byte, GreenMail's self-signed certificate: clients must trust it explicitly) on another. For tests, the
 * bench and {@code demo --real}; not a mail server.
 *
 * <p>With {@link #startWithUser()} it has a user {@value #USER} whose random password is in {@link #passwordFile()}
 * (give it to a client as the secret {@code file:<path>}): AUTH with any other credentials is refused with 535.
 * GreenMail does not require AUTH before {@code MAIL}, and does not offer STARTTLS. Every recipient is accepted and
 * gets a mailbox; {@link #mailboxes()} shows who received what, which is how a test sees the envelope recipients
 * (a Bcc is in no header). Thread-safe (GreenMail's stores are).
 *
 * <pre>{@code
 * try (LocalSmtp smtp = LocalSmtp.start()) {
 *     // tool.mail.host=127.0.0.1, tool.mail.port=<smtp.port()>, tool.mail.security=none
 *     smtp.awaitReceived(1, Duration.ofSeconds(5));
 *     MimeMessage first = smtp.received().get(0);
 * }
 * }</pre>
 */
public final class LocalSmtp implements AutoCloseable {
    /** The user of {@link #startWithUser()}. */
    public static final String USER = "orchestrator";
    /** The loopback address both servers listen on. */
    public static final String HOST = "127.0.0.1";

    private final GreenMail greenMail;
    private final Path passwordFile;

    private LocalSmtp(GreenMail greenMail, Path passwordFile) {
        this.greenMail = greenMail;
        this.passwordFile = passwordFile;
    }

    /** A server without users: clients send without AUTH. */
    public static LocalSmtp start() {
        return start(null);
    }

    /**
     * A server with user {@value #USER}, its random password written to a file only the owner can read.
     *
     * @throws UncheckedIOException when the password file cannot be written
     */
    public static LocalSmtp startWithUser() {
        try {
            Path dir = Files.createTempDirectory("local-smtp-");
            Path file = dir.resolve("password");
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            Files.writeString(file, HexFormat.of().formatHex(random) + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return start(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local SMTP server's password file", e);
        }
    }

    private static LocalSmtp start(Path passwordFile) {
        ServerSetup smtp = new ServerSetup(0, HOST, ServerSetup.PROTOCOL_SMTP);
        ServerSetup smtps = new ServerSetup(0, HOST, ServerSetup.PROTOCOL_SMTPS);
        GreenMail greenMail = new GreenMail(new ServerSetup[]{smtp, smtps});
        if (passwordFile != null) {
            greenMail.withConfiguration(GreenMailConfiguration.aConfig().withUser(USER + "@localhost", USER, read(passwordFile)));
        }
        greenMail.start();
        return new LocalSmtp(greenMail, passwordFile);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@value #HOST}. */
    public String host() {
        return HOST;
    }

    /** The plain SMTP port (clients use {@code security=none}). */
    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** The SMTPS port (clients use {@code security=tls} and must trust the self-signed certificate). */
    public int smtpsPort() {
        return greenMail.getSmtps().getPort();
    }

    /** The user clients authenticate as, when started with one. */
    public Optional<String> user() {
        return passwordFile == null ? Optional.empty() : Optional.of(USER);
    }

    /**
     * The file holding the user's password (a client's secret {@code file:<path>}).
     *
     * @throws IllegalStateException when the server was started without a user
     */
    public Path passwordFile() {
        if (passwordFile == null) {
            throw new IllegalStateException("this local SMTP server has no user: start it with startWithUser()");
        }
        return passwordFile;
    }

    /** Every message received, one per recipient mailbox, in arrival order. */
    public List<MimeMessage> received() {
        return Arrays.asList(greenMail.getReceivedMessages());
    }

    /** The messages each mailbox (envelope recipient) received, by address. */
    public Map<String, List<MimeMessage>> mailboxes() {
        Map<String, List<MimeMessage>> out = new TreeMap<>();
        for (GreenMailUser user : greenMail.getUserManager().listUser()) {
            List<MimeMessage> messages = greenMail.findReceivedMessages(u -> u.getEmail().equals(user.getEmail()), m -> true).toList();
            if (!messages.isEmpty()) {
                out.put(user.getEmail(), messages);
            }
        }
        return out;
    }

    /** Waits up to {@code timeout} until at least {@code count} messages (per mailbox) were received. */
    public boolean awaitReceived(int count, Duration timeout) {
        return greenMail.waitForIncomingEmail(timeout.toMillis(), count);
    }

    /** Deletes every received message. */
    public void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("cannot purge the local SMTP server's mailboxes", e);
        }
    }

    /** What the server is, for logs: its ports and user. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("host", HOST);
        out.put("port", Integer.toString(port()));
        out.put("smtps.port", Integer.toString(smtpsPort()));
        user().ifPresent(u -> out.put("user", u));
        return out;
    }

    /** Stops the servers and deletes the password file. */
    @Override
    public void close() {
        greenMail.stop();
        if (passwordFile != null) {
            try {
                Files.deleteIfExists(passwordFile);
                Files.deleteIfExists(passwordFile.getParent());
            } catch (IOException ignored) {
                // a temporary file left behind
            }
        }
    }
}
