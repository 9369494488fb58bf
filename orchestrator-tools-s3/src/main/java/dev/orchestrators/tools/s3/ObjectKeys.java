package dev.orchestrators.tools.s3;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Object keys derived from archive entry keys, so that whatever an entry key holds the object lands under the
 * configured prefix, and the same entries always give the same object key.
 *
 * <p><b>Segments.</b> The entry key is split at {@code /} (so {@code <run_id>/<orchestrator>} reads as a
 * folder per run) and every segment is encoded on its own: the bytes {@code A-Z a-z 0-9 _ -} of its UTF-8 form
 * stay, every other byte becomes {@code ~XX} (upper-case hex), and an empty segment becomes {@code ~}. An
 * encoded segment is therefore never {@code .} or {@code ..}, holds no {@code /}, {@code %}, {@code .},
 * control character or non-ASCII byte, and no server, proxy or file-system back end can read it as a way up
 * or out. The encoding is injective: two entry keys never share an object key.
 *
 * <p><b>Length.</b> S3 allows 1,024 bytes per key, and file-system-backed servers (MinIO, S3Proxy) 255 per path
 * component. An entry key whose encoding has a segment over {@value #MAX_SEGMENT} bytes or is over
 * {@value #MAX_ENCODED} bytes in all is stored as {@code ~~<SHA-256 of its UTF-8 bytes, hex>}: deterministic,
 * still unique (short of a SHA-256 collision), never refused. {@code ~~} cannot start a normal encoding.
 *
 * <p><b>Batches.</b> A batch of one entry is {@code <prefix><encoded key>.jsonl.gz}; a batch of {@code n > 1}
 * entries is {@code <prefix><encoded first key>.<n>-<hash>.jsonl.gz}, where {@code hash} is 128 bits of the
 * SHA-256 of every key, length-prefixed, in order. Encoded keys hold no {@code .}, so the suffix is unambiguous.
 *
 * <p>A key that is not well-formed Unicode (a lone surrogate) has no faithful UTF-8 form: two such keys could
 * collide, so it is refused with {@link IllegalArgumentException}. Stateless and thread-safe.
 */
final class ObjectKeys {
    /** The longest encoded segment kept as it is. */
    static final int MAX_SEGMENT = 200;
    /** The longest encoded entry key kept as it is (the prefix and suffix are bounded by configuration). */
    static final int MAX_ENCODED = 700;
    /** What batch objects end with. */
    static final String SUFFIX = ".jsonl.gz";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private ObjectKeys() {
    }

    /**
     * The object key of a batch holding exactly {@code entryKeys}, in that order, under {@code prefix}.
     *
     * @throws IllegalArgumentException when a key is not well-formed Unicode
     */
    static String batch(String prefix, List<String> entryKeys) {
        if (entryKeys.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one entry");
        }
        String first = prefix + encode(entryKeys.get(0));
        if (entryKeys.size() == 1) {
            return first + SUFFIX;
        }
        MessageDigest sha = sha256();
        for (String key : entryKeys) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha.update(bytes);
        }
        String hash = HexFormat.of().formatHex(sha.digest(), 0, 16);
        return first + "." + entryKeys.size() + "-" + hash + SUFFIX;
    }

    /**
     * The safe, injective form of {@code entryKey} described in the class comment.
     *
     * @throws IllegalArgumentException when {@code entryKey} is not well-formed Unicode
     */
    static String encode(String entryKey) {
        requireWellFormed(entryKey);
        StringBuilder out = new StringBuilder(Math.min(entryKey.length(), MAX_ENCODED) + 16);
        String[] segments = entryKey.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            int start = out.length();
            encodeSegment(segments[i], out);
            if (out.length() - start > MAX_SEGMENT || out.length() > MAX_ENCODED) {
                return "~~" + HexFormat.of().formatHex(sha256().digest(entryKey.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out.toString();
    }

    /**
     * {@code value} as exactly one safe segment: encoded as in the class comment, {@code /} included, and
     * {@code ~~<SHA-256>} when longer than {@value #MAX_SEGMENT} bytes.
     *
     * @throws IllegalArgumentException when {@code value} is not well-formed Unicode
     */
    static String segment(String value) {
        requireWellFormed(value);
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_SEGMENT) + 8);
        encodeSegment(value, out);
        return out.length() <= MAX_SEGMENT ? out.toString()
                : "~~" + HexFormat.of().formatHex(sha256().digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static void encodeSegment(String segment, StringBuilder out) {
        if (segment.isEmpty()) {
            out.append('~');
            return;
        }
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            if (isKept(b)) {
                out.append((char) b);
            } else {
                out.append('~').append(HEX.toHexDigits(b));
            }
        }
    }

    private static boolean isKept(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b == '-';
    }

    private static void requireWellFormed(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("key " + S3ArchiveStore.shorten(key)
                        + " is not well-formed Unicode (a lone surrogate at index " + i + "); it cannot name an object");
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
