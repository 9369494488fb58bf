package dev.orchestrators.tools.mail;

import dev.orchestrators.tools.ToolCalls;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks values from a call before they become header fields or envelope addresses. A header value from input
 * must be one line: CR, LF, NUL or any other control character (but TAB) in it is refused, naming the header,
 * never sent as a second header. An address is one RFC 5322 mailbox, parsed strictly: a string is exactly one
 * address (a comma inside it does not add a recipient; more recipients come as a JSON list), groups are refused, and
 * so are addresses outside ASCII (this adapter does not use SMTPUTF8). Stateless.
 */
final class MailInput {
    /** The longest Subject sent: longer ones are refused, not truncated or folded into a huge header. */
    static final int MAX_SUBJECT = 998;
    /** The longest address or display name taken from input. */
    static final int MAX_ADDRESS = 320;

    private final String tool;

    MailInput(String tool) {
        this.tool = tool;
    }

    /**
     * {@code value} for header {@code header}, checked to be one line of at most {@code max} characters.
     *
     * @throws dev.orchestrators.core.errors.PermanentException {@code InputRefused} naming the header and the character
     */
    String headerValue(String header, String value, int max) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw ToolCalls.refused(tool, "header " + header + " contains " + describe(c) + " at character " + i
                        + "; a header value from input must be one line, so it is refused rather than sent as a second header");
            }
        }
        if (value.length() > max) {
            throw ToolCalls.refused(tool, "header " + header + " is " + value.length() + " characters long; at most " + max
                    + " are sent");
        }
        return value;
    }

    /** The addresses {@code value} gives header {@code header}: a string (one address) or a list of strings. */
    List<InternetAddress> addresses(String header, Object value) {
        List<InternetAddress> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                out.add(address(header, item));
            }
        } else {
            out.add(address(header, value));
        }
        return out;
    }

    /** The one address {@code value} is. */
    InternetAddress address(String header, Object value) {
        if (!(value instanceof String text)) {
            throw ToolCalls.refused(tool, "header " + header + " needs an email address as a string (or a list of them), "
                    + "got " + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        headerValue(header, text, MAX_ADDRESS);
        InternetAddress parsed;
        try {
            parsed = new InternetAddress(text.strip(), true);
        } catch (AddressException e) {
            throw ToolCalls.refused(tool, "header " + header + ": '" + shown(text) + "' is not one valid email address ("
                    + e.getMessage() + ")");
        }
        String address = parsed.getAddress();
        if (parsed.isGroup() || address == null || address.indexOf('@') <= 0 || !StandardCharsets.US_ASCII.newEncoder().canEncode(address)) {
            throw ToolCalls.refused(tool, "header " + header + ": '" + shown(text) + "' is not one ASCII mailbox "
                    + "(local@domain; groups and non-ASCII addresses are not sent)");
        }
        return named(address, parsed.getPersonal());
    }

    /** {@code address} with display name {@code personal}, encoded (RFC 2047) when it is not ASCII. */
    static InternetAddress named(String address, String personal) {
        try {
            return personal == null || personal.isBlank() ? new InternetAddress(address, true)
                    : new InternetAddress(address, personal, StandardCharsets.UTF_8.name());
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalArgumentException("'" + address + "' was checked to be a valid address", e);
        }
    }

    private static String describe(char c) {
        return switch (c) {
            case '\r' -> "a line break (CR)";
            case '\n' -> "a line break (LF)";
            case '\0' -> "a NUL character";
            default -> String.format("a control character (U+%04X)", (int) c);
        };
    }

    private static String shown(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "... (" + text.length() + " characters)";
    }
}
