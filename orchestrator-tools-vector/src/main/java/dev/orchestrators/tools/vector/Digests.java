package dev.orchestrators.tools.vector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, fed piece by piece. Not thread-safe: one per digest. */
final class Digests {
    private final MessageDigest sha;

    private Digests() {
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static Digests sha256() {
        return new Digests();
    }

    Digests add(byte[] bytes) {
        sha.update(bytes);
        return this;
    }

    /** {@code text} and a separator, so that ("ab", "c") and ("a", "bc") differ. */
    Digests add(String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        return this;
    }

    String hex() {
        return HexFormat.of().formatHex(sha.digest());
    }
}
