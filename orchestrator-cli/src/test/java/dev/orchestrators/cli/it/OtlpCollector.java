package dev.orchestrators.cli.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for an OpenTelemetry collector: accepts OTLP/HTTP trace exports ({@code POST /v1/traces}, protobuf)
 * and keeps each body as it came. Protobuf writes strings as their UTF-8 bytes and ids as their raw bytes, so a test
 * finds a run id, a span name or a trace id in what was exported without decoding it. Thread-safe.
 */
final class OtlpCollector implements AutoCloseable {
    private final HttpServer server;
    private final List<byte[]> exports = new CopyOnWriteArrayList<>();

    private OtlpCollector(HttpServer server) {
        this.server = server;
    }

    static OtlpCollector start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            OtlpCollector collector = new OtlpCollector(server);
            server.createContext("/v1/traces", exchange -> {
                try (exchange) {
                    collector.exports.add(exchange.getRequestBody().readAllBytes());
                    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                    exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse: all accepted
                }
            });
            server.start();
            return collector;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL to give {@code orchestrator.tracing.otlp.endpoint}. */
    String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/v1/traces";
    }

    /** Whether some export contains {@code text} (UTF-8). */
    boolean received(String text) {
        return contains(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether some export contains the trace id {@code hex} (16 raw bytes). */
    boolean receivedTraceId(String hex) {
        return contains(HexFormat.of().parseHex(hex));
    }

    private boolean contains(byte[] wanted) {
        return exports.stream().anyMatch(body -> indexOf(body, wanted) >= 0);
    }

    private static int indexOf(byte[] body, byte[] wanted) {
        outer:
        for (int i = 0; i + wanted.length <= body.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (body[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
