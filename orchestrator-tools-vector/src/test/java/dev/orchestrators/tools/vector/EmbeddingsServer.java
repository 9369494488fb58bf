package dev.orchestrators.tools.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orchestrators.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server answering {@code POST /v1/embeddings} as OpenAI's API does, with real vectors (all-MiniLM-L6-v2
 * in process), or as scripted: a status with headers and a body, raw bytes, or no answer until released.
 */
final class EmbeddingsServer implements AutoCloseable {
    /** What the server received: the Authorization header and the JSON body. */
    record Received(String authorization, JsonNode body) {
    }

    private interface Answer {
        void write(HttpExchange exchange, JsonNode request) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final OnnxEmbedder model = OnnxEmbedder.minilm(false);
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Answer answer = this::embeddings;

    EmbeddingsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/embeddings", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/embeddings");
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Real embeddings from now on. */
    void answerEmbeddings() {
        answer = this::embeddings;
    }

    /** {@code status} with {@code headers} and {@code body} from now on. */
    void answerStatus(int status, Map<String, String> headers, String body) {
        answer = (exchange, request) -> {
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
        };
    }

    /** 200 with {@code body} as is from now on. */
    void answerBody(byte[] body) {
        answer = (exchange, request) -> send(exchange, 200, body);
    }

    /** No answer until {@link #close()}. */
    void hold() {
        answer = (exchange, request) -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(exchange, 503, new byte[0]);
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
            received.add(new Received(exchange.getRequestHeaders().getFirst("Authorization"), request));
            answer.write(exchange, request);
        }
    }

    private void embeddings(HttpExchange exchange, JsonNode request) throws IOException {
        List<String> input = new ArrayList<>();
        request.path("input").forEach(text -> input.add(text.asText()));
        List<float[]> vectors = model.embed(input).join();
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = vectors.size() - 1; i >= 0; i--) { // out of order: the client must sort by index
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("object", "embedding");
            item.put("index", i);
            item.put("embedding", vectors.get(i));
            data.add(item);
        }
        Map<String, Object> body = Map.of("object", "list", "data", data, "model", request.path("model").asText());
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        send(exchange, 200, Json.mapper().writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
