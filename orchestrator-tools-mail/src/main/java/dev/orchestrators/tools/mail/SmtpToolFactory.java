package dev.orchestrators.tools.mail;

import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.core.config.ConfigKey.Importance;
import dev.orchestrators.core.config.Secret;
import dev.orchestrators.tools.ToolAdapter;
import dev.orchestrators.tools.ToolFactory;
import dev.orchestrators.tools.ToolSettings;
import java.util.List;

/**
 * Makes {@code smtp} tools ({@link SmtpTool}): {@code tool.<name>.type=smtp}. Every key is below; the generated
 * reference is in {@code docs/configuration.md}. Stateless.
 */
public final class SmtpToolFactory implements ToolFactory {
    /** The type's name. */
    public static final String TYPE = "smtp";

    public static final ConfigKey<String> HOST = ConfigKey.ofString("host", null,
            "The SMTP server's host name or address.").required();
    public static final ConfigKey<Integer> PORT = ConfigKey.ofInt("port", 587,
            "The SMTP server's port: 587 (submission) with starttls, 465 with tls, 25 between servers.")
            .withValidator(p -> p >= 1 && p <= 65535, "[1,...,65535]").withImportance(Importance.HIGH);
    public static final ConfigKey<String> SECURITY = ConfigKey.ofChoice("security", "starttls",
            List.of("none", "starttls", "tls"), "starttls: upgrade with STARTTLS and fail (permanently) when the server "
                    + "does not offer it, never falling back to plain text; tls: TLS from the first byte (port 465); "
                    + "none: plain text (a local server), where credentials are allowed only to a loopback host.")
            .withImportance(Importance.HIGH);
    public static final ConfigKey<String> USER = ConfigKey.ofString("user", "",
            "The user to authenticate as (AUTH); empty: no authentication. Needs password.");
    public static final ConfigKey<Secret> PASSWORD = ConfigKey.ofSecret("password",
            "The password of user, by reference (file:<path> or env:<NAME>); read at every new connection.");
    public static final ConfigKey<String> FROM = ConfigKey.ofString("from", null,
            "The sender, as the envelope sender (MAIL FROM) and the From header: an address, optionally with a display "
                    + "name (Leads <leads@example.com>). A call may change only the display name (argument from_name).")
            .required();
    public static final ConfigKey<String> REPLY_TO = ConfigKey.ofString("reply.to", "",
            "The Reply-To address; a call's reply_to argument replaces it. Empty: no Reply-To.");
    public static final ConfigKey<List<String>> TO = ConfigKey.ofList("to", List.of(),
            "Fixed recipients (comma-separated). When set, every mail goes to them and a call that names to, cc or bcc "
                    + "is refused; empty: the call chooses (argument to, else the to.field of its fields).");
    public static final ConfigKey<String> TO_FIELD = ConfigKey.ofString("to.field", "email",
            "When a call has no to argument: the field of its fields (a delivered record's fields), else the argument, "
                    + "that holds the recipient.");
    public static final ConfigKey<String> SUBJECT_TEMPLATE = ConfigKey.ofString("subject.template", "{subject}",
            "The Subject, with {name} placeholders filled from the call's fields, then its arguments ({{ and }} for "
                    + "braces). The default takes the subject argument. A missing value refuses the call.");
    public static final ConfigKey<String> BODY_TEMPLATE = ConfigKey.ofString("body.template", "",
            "The plain-text body, with {name} placeholders like subject.template. Empty: the text argument, else the "
                    + "call's fields, one 'name: value' line each.");
    public static final ConfigKey<Integer> TIMEOUT_MS = ConfigKey.ofInt("timeout.ms", 10_000,
            "How long to wait for each server reply (mail.smtp.timeout); a reply to the end of the message that does "
                    + "not come in time is an indeterminate outcome. Keep it below the orchestrator's tool time-out.")
            .withValidator(v -> v >= 1, "[1,...]");
    public static final ConfigKey<Integer> CONNECT_TIMEOUT_MS = ConfigKey.ofInt("connect.timeout.ms", 5_000,
            "How long to wait for the TCP connection (mail.smtp.connectiontimeout).").withValidator(v -> v >= 1, "[1,...]");
    public static final ConfigKey<Integer> WRITE_TIMEOUT_MS = ConfigKey.ofInt("write.timeout.ms", 10_000,
            "How long one write to the server may block (mail.smtp.writetimeout; one shared timer thread per tool).")
            .withValidator(v -> v >= 1, "[1,...]");
    public static final ConfigKey<Integer> POOL_SIZE = ConfigKey.ofInt("pool.size", 4,
            "SMTP sessions, and the threads that use them: sends at once. Connections are kept and reused.")
            .withValidator(v -> v >= 1 && v <= 64, "[1,...,64]").withImportance(Importance.HIGH);
    public static final ConfigKey<Integer> QUEUE_SIZE = ConfigKey.ofInt("queue.size", 16,
            "Sends that may wait for a session; beyond that a call fails at once as transient Saturated.")
            .withValidator(v -> v >= 0 && v <= 1024, "[0,...,1024]");
    public static final ConfigKey<String> MESSAGE_ID_DOMAIN = ConfigKey.ofString("message.id.domain", "",
            "The domain of the Message-IDs derived from idempotency keys (<hash>.<tool>@<domain>); empty: the domain "
                    + "of from.");
    public static final ConfigKey<String> TRUST = ConfigKey.ofString("trust", "",
            "Hosts whose TLS certificates are trusted without the trust store (mail.smtp.ssl.trust), space-separated; "
                    + "* trusts any certificate and skips the host name check: for test servers only. Empty: the "
                    + "JVM's trust store and host name verification.");
    public static final ConfigKey<Integer> MAX_RECIPIENTS = ConfigKey.ofInt("max.recipients", 50,
            "The most recipients (to, cc and bcc together) one call may have; more are refused.")
            .withValidator(v -> v >= 1 && v <= 1000, "[1,...,1000]");
    public static final ConfigKey<Integer> SESSION_MAX_MESSAGES = ConfigKey.ofInt("session.max.messages", 100,
            "Messages sent over one connection before it is closed and a new one opened (servers limit this).")
            .withValidator(v -> v >= 1, "[1,...]");
    public static final ConfigKey<Integer> SESSION_IDLE_MS = ConfigKey.ofInt("session.idle.ms", 30_000,
            "A kept connection idle longer than this is closed rather than reused (servers drop idle ones).")
            .withValidator(v -> v >= 0, "[0,...]");

    private static final List<ConfigKey<?>> KEYS = List.of(HOST, PORT, SECURITY, USER, PASSWORD, FROM, REPLY_TO, TO,
            TO_FIELD, SUBJECT_TEMPLATE, BODY_TEMPLATE, TIMEOUT_MS, CONNECT_TIMEOUT_MS, WRITE_TIMEOUT_MS, POOL_SIZE,
            QUEUE_SIZE, MESSAGE_ID_DOMAIN, TRUST, MAX_RECIPIENTS, SESSION_MAX_MESSAGES, SESSION_IDLE_MS);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Sends an email through an SMTP server (Jakarta Mail): STARTTLS or TLS, authentication, kept connections, "
                + "a Message-ID derived from the idempotency key, and an indeterminate outcome (never a blind resend) "
                + "when the connection fails after the message was sent. Capability SEND.";
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return KEYS;
    }

    @Override
    public ToolAdapter create(ToolSettings settings) {
        return new SmtpTool(settings);
    }
}
