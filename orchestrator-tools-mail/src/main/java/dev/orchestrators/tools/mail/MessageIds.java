package dev.orchestrators.tools.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Message-IDs derived from the idempotency key: {@code <sha256(key), first 32 hex digits>.<tool>@<domain>}. The same
 * key always gives the same Message-ID, so a send that is repeated (after a crash, a rebalance, a lost reply) is
 * recognisable by receivers and de-duplication filters, and 128 bits of the hash keep keys apart. The key itself is
 * not in the message (it names a run and a record, which are nobody's business outside): whoever holds the key can
 * compute the ID. Thread-safe.
 */
final class MessageIds {
    /** What RFC 5322 allows in a dot-atom: a domain or a tool name is checked against it. */
    static final Pattern DOT_ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    private MessageIds() {
    }

    /**
     * The Message-ID (with its angle brackets) of the send with idempotency key {@code key} by tool {@code tool}.
     *
     * @param domain a dot-atom, checked at start-up
     */
    static String of(String key, String tool, String domain) {
        String hash = HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        return "<" + hash + "." + atom(tool) + "@" + domain + ">";
    }

    /** {@code tool} with every character a dot-atom does not allow replaced by {@code -}. */
    static String atom(String tool) {
        String out = tool.replaceAll("[^A-Za-z0-9_-]", "-");
        return out.isEmpty() ? "tool" : out;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
