package dev.orchestrators.tools.mail;

import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.tools.ToolCalls;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a call into the message it sends, before any connection is used, so that input is refused without
 * touching the server:
 * <ul>
 *   <li>recipients: {@code to} fixed by configuration, else the {@code to} argument, else the {@code to.field} of
 *       the call's {@code fields} (a delivered record), else the argument of that name; plus {@code cc} and
 *       {@code bcc} arguments (bcc only in the envelope, never in a header);</li>
 *   <li>{@code Subject} from {@code subject.template}, body from {@code body.template}, the {@code text} argument, or
 *       the fields one per line; an {@code html} argument adds an HTML alternative;</li>
 *   <li>{@code From} fixed by configuration (a {@code from_name} argument may set its display name), {@code Reply-To}
 *       from configuration or a {@code reply_to} argument, {@code Message-ID} from the idempotency key,
 *       {@code Auto-Submitted: auto-generated} (RFC 3834: auto-responders do not answer it).</li>
 * </ul>
 * Every header value from input goes through {@link MailInput}. Thread-safe (stateless beyond its settings).
 */
final class MailComposer {
    /** A composed message, its envelope recipients and its Message-ID. */
    record Composed(MimeMessage message, List<InternetAddress> recipients, String messageId) {
    }

    private final SmtpSettings settings;
    private final Session session;
    private final MailInput input;

    MailComposer(SmtpSettings settings, Session session) {
        this.settings = settings;
        this.session = session;
        this.input = new MailInput(settings.tool());
    }

    /**
     * The message {@code call} asks for, with its Message-ID derived from {@code key}.
     *
     * @throws dev.orchestrators.core.errors.PermanentException {@code InputRefused} saying what was refused
     */
    Composed compose(ToolCall call, String key) {
        Map<String, Object> fields = fields(call);
        List<InternetAddress> to = recipients(call, fields);
        List<InternetAddress> cc = optionalAddresses(call, "cc", "Cc");
        List<InternetAddress> envelope = distinct(to, cc, optionalAddresses(call, "bcc", "Bcc"));
        if (envelope.size() > settings.maxRecipients()) {
            throw ToolCalls.refused(settings.tool(), envelope.size() + " recipients, more than tool." + settings.tool()
                    + ".max.recipients=" + settings.maxRecipients());
        }
        String subject = input.headerValue("Subject", settings.subject().fill(name -> lookup(call, fields, name),
                name -> missing("subject.template", name)), MailInput.MAX_SUBJECT);
        List<InternetAddress> replyTo = call.argument("reply_to") == null ? settings.replyTo()
                : input.addresses("Reply-To", call.argument("reply_to"));
        InternetAddress from = from(call);
        String text = text(call, fields);
        String messageId = MessageIds.of(key, settings.tool(), settings.messageIdDomain());
        try {
            MimeMessage message = message(messageId, from, to, cc, replyTo, subject);
            setBody(message, text, call.argument("html"));
            message.saveChanges();
            return new Composed(message, envelope, messageId);
        } catch (MessagingException e) {
            throw new IllegalStateException("composing a checked message failed: " + e.getMessage(), e);
        }
    }

    /** The message's headers, every value already checked. */
    private MimeMessage message(String messageId, InternetAddress from, List<InternetAddress> to, List<InternetAddress> cc,
                                List<InternetAddress> replyTo, String subject) throws MessagingException {
        KeyedMimeMessage message = new KeyedMimeMessage(session, messageId);
        message.setFrom(from);
        message.setRecipients(RecipientType.TO, to.toArray(InternetAddress[]::new));
        if (!cc.isEmpty()) {
            message.setRecipients(RecipientType.CC, cc.toArray(InternetAddress[]::new));
        }
        if (!replyTo.isEmpty()) {
            message.setReplyTo(replyTo.toArray(InternetAddress[]::new));
        }
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.setHeader("Auto-Submitted", "auto-generated");
        return message;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> fields(ToolCall call) {
        Object fields = call.argument("fields");
        if (fields == null) {
            return Map.of();
        }
        if (!(fields instanceof Map<?, ?> map)) {
            throw ToolCalls.refused(settings.tool(), "argument 'fields' must be an object, got " + fields.getClass().getSimpleName());
        }
        return (Map<String, Object>) map;
    }

    private List<InternetAddress> recipients(ToolCall call, Map<String, Object> fields) {
        if (!settings.fixedTo().isEmpty()) {
            for (String chosen : List.of("to", "cc", "bcc")) {
                if (call.argument(chosen) != null) {
                    throw ToolCalls.refused(settings.tool(), "argument '" + chosen + "': the recipients are fixed by tool."
                            + settings.tool() + ".to");
                }
            }
            return settings.fixedTo();
        }
        Object to = call.argument("to");
        String header = "To";
        if (to == null) {
            to = fields.containsKey(settings.toField()) ? fields.get(settings.toField()) : call.argument(settings.toField());
            header = "To (from '" + settings.toField() + "')";
        }
        if (to == null || (to instanceof List<?> list && list.isEmpty())) {
            throw ToolCalls.refused(settings.tool(), "no recipient: the call has no 'to' argument and no '"
                    + settings.toField() + "' in its fields or arguments (tool." + settings.tool() + ".to.field)");
        }
        return input.addresses(header, to);
    }

    private List<InternetAddress> optionalAddresses(ToolCall call, String argument, String header) {
        Object value = call.argument(argument);
        return value == null ? List.of() : input.addresses(header, value);
    }

    private static List<InternetAddress> distinct(List<InternetAddress> to, List<InternetAddress> cc, List<InternetAddress> bcc) {
        Map<String, InternetAddress> byAddress = new LinkedHashMap<>();
        for (List<InternetAddress> list : List.of(to, cc, bcc)) {
            list.forEach(a -> byAddress.putIfAbsent(a.getAddress().toLowerCase(Locale.ROOT), a));
        }
        return List.copyOf(byAddress.values());
    }

    private InternetAddress from(ToolCall call) {
        Object name = call.argument("from_name");
        if (name == null) {
            return settings.from();
        }
        String personal = input.headerValue("From (display name)", name.toString(), MailInput.MAX_ADDRESS);
        return MailInput.named(settings.from().getAddress(), personal);
    }

    private String text(ToolCall call, Map<String, Object> fields) {
        if (!settings.body().isEmpty()) {
            return settings.body().fill(name -> lookup(call, fields, name), name -> missing("body.template", name));
        }
        Object text = call.argument("text");
        if (text != null) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder();
        Object record = call.argument("record_key");
        if (record != null) {
            out.append("Record ").append(record).append("\n\n");
        }
        fields.forEach((name, value) -> out.append(name).append(": ").append(value).append('\n'));
        return out.toString();
    }

    private static void setBody(MimeMessage message, String text, Object html) throws MessagingException {
        if (html == null) {
            message.setText(text, StandardCharsets.UTF_8.name());
            return;
        }
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, StandardCharsets.UTF_8.name());
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html.toString(), StandardCharsets.UTF_8.name(), "html");
        message.setContent(new MimeMultipart("alternative", plain, rich));
    }

    private static Optional<Object> lookup(ToolCall call, Map<String, Object> fields, String name) {
        if (fields.containsKey(name)) {
            return Optional.ofNullable(fields.get(name)).or(() -> Optional.of(""));
        }
        if (!name.equals("fields") && call.arguments().containsKey(name)) {
            return Optional.ofNullable(call.argument(name)).or(() -> Optional.of(""));
        }
        return Optional.empty();
    }

    private RuntimeException missing(String key, String name) {
        return ToolCalls.refused(settings.tool(), "tool." + settings.tool() + "." + key + " needs {" + name
                + "}, which neither the call's fields nor its arguments have");
    }

    /** A message whose Message-ID is the one derived from the key, kept through {@code saveChanges()}. */
    private static final class KeyedMimeMessage extends MimeMessage {
        private final String messageId;

        KeyedMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
