package dev.orchestrators.tools.vector;

import dev.orchestrators.core.errors.PermanentException;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit: a longer body cancels the response and fails with the permanent
 * {@code ResponseTooLarge}, so a misbehaving server cannot make the worker buffer without bound. One per response.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long limit;
    private final String tool;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    LimitedBody(String tool, long limit) {
        this.tool = tool;
        this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            if (bytes.size() + (long) item.remaining() > limit) {
                subscription.cancel();
                body.completeExceptionally(new PermanentException("ResponseTooLarge", "tool '" + tool
                        + "': the embeddings API answered more than " + limit + " bytes", null));
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toByteArray());
    }
}
