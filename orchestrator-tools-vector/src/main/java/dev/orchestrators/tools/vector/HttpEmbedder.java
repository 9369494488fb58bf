package dev.orchestrators.tools.vector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrators.core.config.Secret;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Embeddings from an OpenAI-compatible API: {@code POST <embeddings.url>} with {@code {"model": ..., "input": [...]}},
 * answered by {@code {"data": [{"index": i, "embedding": [...]}, ...]}}. Asynchronous (the JDK's {@link HttpClient}):
 * {@link #embed} only hands the request to the client's threads ({@code tool-<name>-http-<n>}: they write the JSON, read
 * the token and complete the answer) and returns; no thread waits on the network. How many requests are in flight is
 * bounded by the tool.
 *
 * <p>The URL and model are fixed by configuration: texts travel only in the JSON body. The token is read from its
 * {@link Secret} at each request and sent as {@code Authorization: Bearer}; it never appears in a message. Redirects
 * are not followed; an answer larger than {@value #MAX_RESPONSE_BYTES} bytes is refused. Failures are classified by
 * {@link HttpFailures}. Thread-safe.
 */
final class HttpEmbedder implements Embedder {
    /** The largest answer read: 2,048 vectors of 3,072 dimensions as JSON fit comfortably. */
    static final long MAX_RESPONSE_BYTES = 64L * 1024 * 1024;
    private static final int EXCERPT_CHARS = 200;

    private final String tool;
    private final URI url;
    private final String model;
    private final Secret token;
    private final Duration timeout;
    private final Clock clock;
    private final long maxResponseBytes;
    private final ExecutorService executor;
    private final HttpClient client;

    /**
     * @param maxResponseBytes the largest answer read ({@link #MAX_RESPONSE_BYTES} in production)
     */
    HttpEmbedder(String tool, URI url, String model, Secret token, Duration timeout, Clock clock, long maxResponseBytes) {
        this.tool = Objects.requireNonNull(tool, "tool");
        this.url = Objects.requireNonNull(url, "url");
        this.model = Objects.requireNonNull(model, "model");
        this.token = Objects.requireNonNull(token, "token");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxResponseBytes = maxResponseBytes;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "tool-" + tool + "-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor).build();
    }

    @Override
    public String id() {
        return "http:" + model;
    }

    @Override
    public boolean inProcess() {
        return false;
    }

    @Override
    public CompletableFuture<List<float[]>> embed(List<String> texts) {
        List<String> input = List.copyOf(texts);
        try {
            return CompletableFuture.supplyAsync(() -> request(input), executor)
                    .thenCompose(request -> client.sendAsync(request, info -> new LimitedBody(tool, maxResponseBytes)))
                    // The JDK completes sendAsync on the common pool (a new thread per answer on a two-core machine):
                    // answers are read on the client's own threads instead.
                    .handleAsync((response, failure) -> {
                        if (failure != null) {
                            throw HttpFailures.ofException(tool, failure);
                        }
                        return vectors(response, input.size());
                    }, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new PermanentException("ToolClosed", "tool '" + tool + "' is closed", e));
        }
    }

    private HttpRequest request(List<String> texts) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("input", texts);
        body.put("encoding_format", "float");
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(body);
        } catch (IOException e) {
            throw new PermanentException("BadRequest", "tool '" + tool + "': cannot write the embeddings request", e);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        String secret = token.reveal();
        if (secret != null && !secret.isEmpty()) {
            builder.header("Authorization", "Bearer " + secret);
        }
        return builder.build();
    }

    private List<float[]> vectors(HttpResponse<byte[]> response, int expected) {
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw HttpFailures.ofStatus(tool, status, response.headers().firstValue("Retry-After").orElse(null),
                    excerpt(response.body()), clock);
        }
        JsonNode data;
        try {
            data = Json.mapper().readTree(response.body()).path("data");
        } catch (IOException e) {
            throw badResponse("its body is not JSON");
        }
        if (!data.isArray() || data.size() != expected) {
            throw badResponse("expected a 'data' array of " + expected + " embedding(s)");
        }
        float[][] out = new float[expected][];
        for (int i = 0; i < expected; i++) {
            JsonNode item = data.get(i);
            int index = item.path("index").asInt(i);
            if (index < 0 || index >= expected || out[index] != null) {
                throw badResponse("embedding index " + index + " is out of range or repeated");
            }
            out[index] = Vectors.normalized(floats(item.path("embedding")));
        }
        return List.of(out);
    }

    private float[] floats(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            throw badResponse("an 'embedding' is not a non-empty array of numbers");
        }
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            if (!array.get(i).isNumber()) {
                throw badResponse("an 'embedding' holds something other than numbers");
            }
            out[i] = array.get(i).floatValue();
        }
        return out;
    }

    private PermanentException badResponse(String what) {
        return new PermanentException("BadResponse", "tool '" + tool + "': the embeddings API answered 2xx but " + what, null);
    }

    /** The start of an error body, one line, without the token (an API that echoes the request must not leak it). */
    private String excerpt(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, EXCERPT_CHARS * 4), StandardCharsets.UTF_8)
                .replaceAll("[\\r\\n\\t]+", " ").trim();
        text = text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) + "..." : text;
        String secret;
        try {
            secret = token.reveal();
        } catch (RuntimeException e) {
            secret = null;
        }
        return secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
    }

    /** The URL, model and token reference; never the token. */
    @Override
    public String toString() {
        return "HttpEmbedder[" + url + ", model " + model + ", token " + token + "]";
    }

    /** Stops the client's threads (the JDK 17 {@link HttpClient} has no close of its own). */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
