package dev.orchestrators.tools.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding (RFC 3986) of values that go into a URL: every byte of the value's UTF-8 form except the
 * unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) becomes {@code %XX}. So a value can never add a path
 * separator, a query, a fragment, user information or a line break to the URL it goes into: {@code /} becomes
 * {@code %2F}, {@code ?} {@code %3F}, {@code #} {@code %23}, {@code @} {@code %40}, {@code %} itself {@code %25}.
 * Stateless.
 */
final class PercentEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {
    }

    /** {@code value} with every byte but the unreserved characters percent-encoded. */
    static String encode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    /** Decodes the well-formed {@code %XX} sequences of {@code raw} and keeps everything else as it is. */
    static String decodeLeniently(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int plain = 0;
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.writeBytes(raw.substring(plain, i).getBytes(StandardCharsets.UTF_8));
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
                plain = i + 1;
            }
        }
        bytes.writeBytes(raw.substring(plain).getBytes(StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
