package dev.orchestrators.tools.s3;

import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A sealed batch: the entries' keys, the gzip-compressed JSON Lines body and the object key derived from the keys.
 * Frozen once sealed, so every attempt PUTs the same bytes to the same object. Its state and current attempt are
 * guarded by the store's lock.
 */
final class Batch {
    enum State { QUEUED, IN_FLIGHT, FAILED, DURABLE }

    final String objectKey;
    final List<String> keys;
    final byte[] body;
    final String contentMd5;
    State state = State.QUEUED;
    CompletableFuture<Void> attempt = new CompletableFuture<>();
    int attempts;

    Batch(String objectKey, List<String> keys, byte[] body) {
        this.objectKey = objectKey;
        this.keys = List.copyOf(keys);
        this.body = body;
        this.contentMd5 = Base64.getEncoder().encodeToString(md5(body));
    }

    /** A new attempt: queued, with a new future for those who wait for it. */
    void requeue() {
        state = State.QUEUED;
        attempt = new CompletableFuture<>();
    }

    static byte[] md5(byte[] body) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(body);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    @Override
    public String toString() {
        return "Batch[" + objectKey + ", " + keys.size() + " entries, " + body.length + " bytes, " + state + "]";
    }
}
