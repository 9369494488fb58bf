package dev.orchestrators.tools.mail;

import static dev.orchestrators.tools.mail.SmtpToolFactory.*;

import dev.orchestrators.core.config.Secret;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.tools.ToolSettings;
import jakarta.mail.internet.InternetAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The settings of one {@code smtp} tool, read and checked at start-up: everything a call could get wrong later
 * (a malformed sender, a template with an unclosed brace, credentials that would travel in plain text to another
 * machine) fails here instead, naming the key. Immutable.
 */
record SmtpSettings(String tool, String host, int port, Security security, String user, Secret password,
                    InternetAddress from, List<InternetAddress> replyTo, List<InternetAddress> fixedTo, String toField,
                    Template subject, Template body, int timeoutMs, int connectTimeoutMs, int writeTimeoutMs,
                    int poolSize, int queueSize, String messageIdDomain, String trust, int maxRecipients,
                    int sessionMaxMessages, int sessionIdleMs) {

    /** How the connection is protected ({@code tool.<name>.security}). */
    enum Security { NONE, STARTTLS, TLS }

    /**
     * @throws ConfigurationException naming the key of the first bad or missing setting
     */
    static SmtpSettings from(ToolSettings s) {
        s.validate(new SmtpToolFactory().keys());
        String tool = s.toolName();
        MailInput input = new MailInput(tool);
        Security security = Security.valueOf(s.get(SECURITY).toUpperCase(Locale.ROOT));
        String host = s.get(HOST).strip();
        String user = s.get(USER).strip();
        Secret password = s.secret(PASSWORD);
        checkCredentials(s, host, security, user, password);
        InternetAddress from = configured(s, FROM.name(), () -> input.address("From", s.get(FROM)));
        List<InternetAddress> replyTo = s.get(REPLY_TO).isBlank() ? List.of()
                : configured(s, REPLY_TO.name(), () -> input.addresses("Reply-To", s.get(REPLY_TO)));
        List<InternetAddress> fixedTo = configured(s, TO.name(), () -> addressList(input, s.get(TO)));
        String domain = s.get(MESSAGE_ID_DOMAIN).isBlank() ? from.getAddress().substring(from.getAddress().lastIndexOf('@') + 1)
                : s.get(MESSAGE_ID_DOMAIN).strip();
        if (!MessageIds.DOT_ATOM.matcher(domain).matches() || domain.startsWith("[")) {
            throw new ConfigurationException(s.qualified(MESSAGE_ID_DOMAIN.name()) + " must be a domain name (a dot-atom), was '"
                    + domain + "'");
        }
        return new SmtpSettings(tool, host, s.get(PORT), security, user, password, from, replyTo, fixedTo,
                s.get(TO_FIELD).strip(), Template.parse(s.get(SUBJECT_TEMPLATE), s.qualified(SUBJECT_TEMPLATE.name())),
                Template.parse(s.get(BODY_TEMPLATE), s.qualified(BODY_TEMPLATE.name())), s.get(TIMEOUT_MS),
                s.get(CONNECT_TIMEOUT_MS), s.get(WRITE_TIMEOUT_MS), s.get(POOL_SIZE), s.get(QUEUE_SIZE), domain,
                s.get(TRUST).strip(), s.get(MAX_RECIPIENTS), s.get(SESSION_MAX_MESSAGES), s.get(SESSION_IDLE_MS));
    }

    private static void checkCredentials(ToolSettings s, String host, Security security, String user, Secret password) {
        if (!user.isEmpty() && !password.isPresent()) {
            throw new ConfigurationException(s.qualified(PASSWORD.name()) + " is required when " + s.qualified(USER.name())
                    + " is set");
        }
        if (user.isEmpty() && password.isPresent()) {
            throw new ConfigurationException(s.qualified(USER.name()) + " is required when " + s.qualified(PASSWORD.name())
                    + " is set");
        }
        if (!user.isEmpty() && security == Security.NONE && !isLoopback(host)) {
            throw new ConfigurationException(s.qualified(SECURITY.name()) + "=none would send the password of "
                    + s.qualified(USER.name()) + " in plain text to " + host + "; use starttls or tls (plain text with "
                    + "credentials is allowed only to a loopback host)");
        }
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean literal = host.matches("[0-9.]+") || host.contains(":");
        try {
            return literal && InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static List<InternetAddress> addressList(MailInput input, List<String> values) {
        List<InternetAddress> out = new ArrayList<>();
        values.forEach(v -> out.add(input.address("To", v)));
        return List.copyOf(out);
    }

    private static <T> T configured(ToolSettings s, String key, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (PermanentException e) {
            throw new ConfigurationException(s.qualified(key) + ": " + e.getMessage().replaceFirst("^tool '[^']*' refused the call: ", ""));
        }
    }

    /**
     * The Jakarta Mail session properties: security, time-outs, and the choices the adapter's contract depends on
     * (all-or-nothing recipients, no BDAT, QUIT without waiting).
     *
     * @param writeTimeouts the timer that enforces {@code write.timeout.ms} (Angus would start a thread per connection)
     */
    Properties sessionProperties(ScheduledExecutorService writeTimeouts) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", host);
        p.setProperty("mail.smtp.port", Integer.toString(port));
        p.setProperty("mail.smtp.from", from.getAddress());
        p.setProperty("mail.smtp.timeout", Integer.toString(timeoutMs));
        p.setProperty("mail.smtp.connectiontimeout", Integer.toString(connectTimeoutMs));
        p.setProperty("mail.smtp.writetimeout", Integer.toString(writeTimeoutMs));
        p.put("mail.smtp.executor.writetimeout", writeTimeouts);
        p.put("mail.smtp.socketFactory", NoDelaySocketFactory.INSTANCE); // see there: the dot is not held by Nagle
        p.setProperty("mail.smtp.socketFactory.fallback", "false");
        p.setProperty("mail.smtp.auth", Boolean.toString(!user.isEmpty()));
        p.setProperty("mail.smtp.starttls.enable", Boolean.toString(security == Security.STARTTLS));
        p.setProperty("mail.smtp.starttls.required", Boolean.toString(security == Security.STARTTLS));
        p.setProperty("mail.smtp.ssl.enable", Boolean.toString(security == Security.TLS));
        p.setProperty("mail.smtp.ssl.checkserveridentity", Boolean.toString(!trust.equals("*")));
        if (!trust.isEmpty()) {
            p.setProperty("mail.smtp.ssl.trust", trust);
        }
        p.setProperty("mail.smtp.sendpartial", "false"); // a message reaches all its recipients or none
        p.setProperty("mail.smtp.reportsuccess", "false");
        p.setProperty("mail.smtp.chunksize", "0"); // DATA, whose end the transport can observe; never BDAT
        p.setProperty("mail.smtp.quitwait", "false"); // closing never waits on a server that stopped answering
        p.setProperty("mail.mime.allowutf8", "false");
        return p;
    }

    /** {@code host:port (security)}, for messages. */
    String endpoint() {
        return host + ":" + port + " (" + security.name().toLowerCase(Locale.ROOT) + ")";
    }
}
