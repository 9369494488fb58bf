package dev.orchestrators.tools.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read up to a limit, and no further: once more than {@code limit} bytes arrive (or the
 * {@code Content-Length} announces more), the subscriber cancels its subscription, which makes the client stop
 * reading and close the connection, and completes with what it kept and {@link Body#exceeded()} set. So an oversize
 * answer costs at most {@code limit} bytes of memory, never the whole body.
 *
 * <p>Limits by status: a 2xx body up to {@code max.response.bytes} (exceeding it fails the call as
 * {@code ResponseTooLarge}); any other body up to {@link #ERROR_BODY_BYTES} (kept only for a message excerpt, so
 * exceeding it just truncates). Signals arrive serially (reactive streams), so the subscriber needs no locking.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<LimitedBody.Body> {
    /** How much of a non-2xx body is kept, for a message excerpt. */
    static final int ERROR_BODY_BYTES = 8192;

    /**
     * A body as read.
     *
     * @param bytes    what was kept (at most the limit)
     * @param exceeded whether the body was larger than the limit (then {@code bytes} is a prefix, possibly empty)
     */
    record Body(byte[] bytes, boolean exceeded) {
    }

    private final long limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private boolean done;

    private LimitedBody(long limit) {
        this.limit = limit;
    }

    /** Reads 2xx bodies up to {@code maxResponseBytes} and others up to {@link #ERROR_BODY_BYTES}. */
    static HttpResponse.BodyHandler<Body> handler(long maxResponseBytes) {
        return info -> {
            boolean success = info.statusCode() >= 200 && info.statusCode() <= 299;
            long limit = success ? maxResponseBytes : Math.min(maxResponseBytes, ERROR_BODY_BYTES);
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
            return new LimitedBody(success && declared > limit ? -1 : limit);
        };
    }

    @Override
    public CompletionStage<Body> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (limit < 0) {
            // The announced length is already too much: read nothing.
            stop(new Body(new byte[0], true));
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (done) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            int room = (int) Math.min(Integer.MAX_VALUE, limit - kept.size());
            int take = Math.min(room, buffer.remaining());
            byte[] bytes = new byte[take];
            buffer.get(bytes);
            kept.writeBytes(bytes);
            if (buffer.hasRemaining()) {
                stop(new Body(kept.toByteArray(), true));
                return;
            }
        }
    }

    @Override
    public void onError(Throwable failure) {
        done = true;
        result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        if (!done) {
            done = true;
            result.complete(new Body(kept.toByteArray(), false));
        }
    }

    private void stop(Body body) {
        done = true;
        subscription.cancel();
        result.complete(body);
    }
}
