package dev.orchestrators.tools.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.SaturatedException;
import dev.orchestrators.core.json.Json;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.ToolAdapter;
import dev.orchestrators.tools.ToolCalls;
import dev.orchestrators.tools.ToolHealth;
import dev.orchestrators.tools.ToolSettings;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The {@code s3-put} tool (WRITE): stores the call's arguments, as one JSON object, in {@code tool.<name>.bucket} under
 * the key {@code tool.<name>.key.template} renders from them, and answers
 * {@code {"bucket": ..., "key": ..., "created": true|false, "etag": ...}}.
 *
 * <p><b>At most once.</b> The template holds {@code {idempotency_key}}, so a repeated call (a retry, a redelivered
 * run) names the same object, and with {@code conditional.writes} its PUT carries {@code If-None-Match: *}: the first
 * write wins and a repeat answers {@code created=false} (S3's 412). A time-out is therefore transient, not
 * indeterminate: if the first attempt landed, the retry finds it. Without conditional writes a repeat rewrites the
 * same object with the same body.
 *
 * <p><b>Refusals</b> (permanent {@code InputRefused}, nothing sent): a missing idempotency key, an argument a
 * placeholder needs that is missing or not a string, number or boolean, a key over S3's 1,024 bytes, a body over
 * {@code max.body.bytes}. Argument values never change the bucket or the key's structure (see {@link KeyTemplate}).
 *
 * <p><b>Threads.</b> {@link #invoke} never blocks: at most {@code pool.size + queue.size} calls are outstanding (the
 * next fails at once as {@code Saturated}); the PUT starts on the tool's own daemon thread
 * ({@code s3-put-<name>-start}, where the SDK signs and resolves credentials) and completes on the SDK's threads.
 * Failures are classified as for the archive ({@code S3Failures}). Thread-safe.
 */
public final class S3PutTool implements ToolAdapter {
    private final ToolSettings settings;
    private final KeyTemplate template;
    private final S3AsyncClient client;
    private final boolean ownsClient;
    private final AdapterMeters meters;
    private final String bucket;
    private final int maxBody;
    private final int poolSize;
    private final int limit;
    private final boolean conditional;
    private final Executor starter;
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile Consumer<Thread> observer = thread -> { };
    private volatile boolean closed;

    /** @param ownsClient whether {@link #close} closes {@code client} */
    S3PutTool(ToolSettings settings, KeyTemplate template, S3AsyncClient client, boolean ownsClient, AdapterMeters meters) {
        this.settings = settings;
        this.template = template;
        this.client = client;
        this.ownsClient = ownsClient;
        this.meters = meters;
        this.bucket = settings.get(S3PutFactory.BUCKET);
        this.maxBody = settings.get(S3PutFactory.MAX_BODY_BYTES);
        this.poolSize = settings.get(S3PutFactory.POOL_SIZE);
        this.limit = poolSize + settings.get(S3PutFactory.QUEUE_SIZE);
        this.conditional = settings.get(S3PutFactory.CONDITIONAL_WRITES);
        this.starter = ClientFactory.starterThread("s3-put-" + settings.toolName() + "-start");
        meters.pool(() -> Math.min(outstanding.get(), poolSize), () -> Math.max(0, outstanding.get() - poolSize), poolSize);
    }

    @Override
    public String name() {
        return settings.toolName();
    }

    @Override
    public String type() {
        return S3PutFactory.TYPE;
    }

    @Override
    public Capability capability() {
        return Capability.WRITE;
    }

    @Override
    public CompletionStage<ToolResult> invoke(ToolCall call) {
        PutObjectRequest request;
        byte[] body;
        try {
            ToolCalls.requireIdempotencyKey(call);
            body = body(call);
            request = request(objectKey(call), body);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        if (closed) {
            return CompletableFuture.failedFuture(new PermanentException("ToolClosed", "tool '" + name() + "' is closed", null));
        }
        if (outstanding.incrementAndGet() > limit) {
            outstanding.decrementAndGet();
            meters.saturated();
            return CompletableFuture.failedFuture(new SaturatedException("tool '" + name() + "' is saturated: " + limit
                    + " PUTs outstanding (tool." + name() + ".pool.size + queue.size)"));
        }
        CompletableFuture<ToolResult> result = new CompletableFuture<>();
        try {
            starter.execute(() -> put(request, body, result));
        } catch (RuntimeException rejected) {
            outstanding.decrementAndGet();
            result.completeExceptionally(S3Failures.forTool(rejected, name(), "PUT"));
        }
        return result;
    }

    @Override
    public CompletionStage<ToolHealth> checkHealth() {
        long started = System.nanoTime();
        try {
            return client.headBucket(b -> b.bucket(bucket)).handle((ok, failure) -> failure == null
                    ? ToolHealth.up("bucket " + bucket + " answered", Duration.ofNanos(System.nanoTime() - started))
                    : ToolHealth.down(S3Failures.forTool(S3Failures.unwrap(failure), name(), "HEAD of bucket " + bucket),
                    Duration.ofNanos(System.nanoTime() - started)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ToolHealth.down(e, Duration.ofNanos(System.nanoTime() - started)));
        }
    }

    @Override
    public int capacity() {
        return limit;
    }

    @Override
    public Map<String, String> describe() {
        return settings.describe(new S3PutFactory().keys());
    }

    @Override
    public void close() {
        closed = true;
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "S3PutTool[" + name() + " -> s3://" + bucket + "/" + template + "]";
    }

    /** Observes the threads each PUT starts and completes on (for tests). */
    void observeThreads(Consumer<Thread> value) {
        this.observer = Objects.requireNonNull(value, "value");
    }

    private String objectKey(ToolCall call) {
        try {
            return template.render(call.arguments());
        } catch (IllegalArgumentException e) {
            throw ToolCalls.refused(name(), e.getMessage());
        }
    }

    private byte[] body(ToolCall call) {
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(call.arguments());
        } catch (JsonProcessingException e) {
            throw ToolCalls.refused(name(), "its arguments cannot be written as JSON: " + e.getOriginalMessage());
        }
        if (body.length > maxBody) {
            throw ToolCalls.refused(name(), "the object would be " + body.length + " bytes, over tool." + name()
                    + ".max.body.bytes=" + maxBody);
        }
        return body;
    }

    private PutObjectRequest request(String key, byte[] body) {
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/json")
                .contentLength((long) body.length).contentMD5(Base64.getEncoder().encodeToString(Batch.md5(body)));
        if (conditional) {
            b.ifNoneMatch("*");
        }
        return b.build();
    }

    private void put(PutObjectRequest request, byte[] body, CompletableFuture<ToolResult> result) {
        observer.accept(Thread.currentThread());
        long started = meters.start();
        CompletableFuture<PutObjectResponse> put;
        try {
            put = client.putObject(request, AsyncRequestBody.fromBytesUnsafe(body));
        } catch (RuntimeException e) {
            put = CompletableFuture.failedFuture(e);
        }
        put.whenComplete((response, failure) -> {
            outstanding.decrementAndGet();
            observer.accept(Thread.currentThread());
            Throwable cause = failure == null ? null : S3Failures.unwrap(failure);
            if (cause == null || S3Failures.alreadyExists(cause)) {
                meters.record(started, null);
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("bucket", bucket);
                fields.put("key", request.key());
                fields.put("created", cause == null);
                if (response != null && response.eTag() != null) {
                    fields.put("etag", response.eTag());
                }
                result.complete(ToolResult.of(fields));
            } else {
                RuntimeException classified = S3Failures.forTool(cause, name(), "PUT of " + S3ArchiveStore.shorten(request.key()));
                meters.record(started, classified);
                result.completeExceptionally(classified);
            }
        });
    }
}
