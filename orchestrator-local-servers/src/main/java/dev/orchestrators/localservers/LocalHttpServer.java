package dev.orchestrators.localservers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A small, real HTTP/1.1 server on the loopback interface (a free port), on the JDK's
 * {@code com.sun.net.httpserver}, for tests, the bench and {@code demo --real}: scripted per path to answer
 * JSON, {@code 429} with {@code Retry-After} (seconds or an HTTP date), {@code 503}, a delay, a connection closed
 * without an answer, an oversize body or a redirect, or answered by a handler function.
 *
 * <pre>{@code
 * try (LocalHttpServer server = LocalHttpServer.start()) {
 *     server.script("/companies/acme", Reply.unavailable(), Reply.json("{\"name\":\"Acme\"}"));
 *     // the first request to /companies/acme gets 503, every later one the JSON
 *     server.requests("/companies/acme");   // what arrived, raw
 * }
 * }</pre>
 *
 * <p>A path is answered by its script (exact raw path; replies in order, the last one repeats), else by the handler
 * with the longest matching path prefix, else {@code 404}. Handlers run on a small fixed pool; a delayed reply holds
 * no thread while it waits (a scheduler hands it back to the pool). Every request is recorded unless started with
 * {@link #startWithoutRecording}. Thread-safe; not for production.
 */
public final class LocalHttpServer implements AutoCloseable {
    /** The IMF-fixdate format of an HTTP date (RFC 9110, section 5.6.7), for {@code Retry-After} and {@code Date}. */
    public static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final Reply NOT_FOUND = Reply.json(404, "{\"error\":\"not found\"}");

    static {
        // The JDK server writes a response's head and body separately and leaves Nagle's algorithm on unless told:
        // with a client's delayed ACK that costs ~40 ms per keep-alive answer. Read once, when the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService delays;
    private final boolean recording;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, Function<Request, Reply>> prefixes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Request> received = new ConcurrentLinkedQueue<>();
    private final AtomicLong count = new AtomicLong();

    private LocalHttpServer(int threads, boolean recording) throws IOException {
        this.recording = recording;
        this.handlers = Executors.newFixedThreadPool(threads, daemons("local-http"));
        this.delays = Executors.newSingleThreadScheduledExecutor(daemons("local-http-delay"));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.createContext("/", this::dispatch);
        server.setExecutor(handlers);
        server.start();
    }

    /**
     * A server on a free loopback port that records every request.
     *
     * @throws UncheckedIOException when no port can be bound
     */
    public static LocalHttpServer start() {
        return start(4, true);
    }

    /** A server that records no request (for long bench runs): only {@link #requestCount()} counts them. */
    public static LocalHttpServer startWithoutRecording() {
        return start(4, false);
    }

    /**
     * A server with {@code threads} handler threads.
     *
     * @throws UncheckedIOException when no port can be bound
     */
    public static LocalHttpServer start(int threads, boolean recording) {
        try {
            return new LocalHttpServer(threads, recording);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a local HTTP server", e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
    }

    /** {@link #baseUrl()} followed by {@code path}. */
    public URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    /** Answers requests to exactly {@code rawPath} with {@code replies} in order; the last one repeats. Replaces an earlier script. */
    public LocalHttpServer script(String rawPath, Reply... replies) {
        if (replies.length == 0) {
            throw new IllegalArgumentException("a script needs at least one reply");
        }
        scripts.put(rawPath, new Script(List.of(replies)));
        return this;
    }

    /** Answers requests whose raw path starts with {@code prefix} (and have no script) with {@code handler}. */
    public LocalHttpServer handle(String prefix, Function<Request, Reply> handler) {
        prefixes.put(Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /** Every recorded request, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(received);
    }

    /** The recorded requests to exactly {@code rawPath}. */
    public List<Request> requests(String rawPath) {
        return received.stream().filter(r -> r.rawPath().equals(rawPath)).toList();
    }

    /** How many requests arrived (recorded or not). */
    public long requestCount() {
        return count.get();
    }

    /** Forgets the recorded requests and the scripts' positions. */
    public void reset() {
        received.clear();
        scripts.replaceAll((path, script) -> new Script(script.replies));
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI(),
                exchange.getRequestHeaders(), body);
        count.incrementAndGet();
        if (recording) {
            received.add(request);
        }
        Reply reply;
        try {
            reply = replyTo(request);
        } catch (RuntimeException e) {
            reply = Reply.json(500, "{\"error\":\"the handler failed\"}");
        }
        Reply chosen = reply;
        if (chosen.delay().isZero()) {
            send(exchange, chosen);
        } else {
            delays.schedule(() -> handlers.execute(() -> send(exchange, chosen)), chosen.delay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private Reply replyTo(Request request) {
        Script script = scripts.get(request.rawPath());
        if (script != null) {
            return script.next();
        }
        return prefixes.entrySet().stream().filter(e -> request.rawPath().startsWith(e.getKey()))
                .max(Comparator.comparingInt(e -> e.getKey().length()))
                .map(e -> e.getValue().apply(request)).orElse(NOT_FOUND);
    }

    private static void send(HttpExchange exchange, Reply reply) {
        try {
            switch (reply.kind()) {
                case RESET -> exchange.close(); // no headers sent: the server closes the connection
                case STREAMED -> stream(exchange, reply);
                case NORMAL -> answer(exchange, reply);
                default -> throw new IllegalStateException(reply.kind().toString());
            }
        } catch (IOException e) {
            // the client went away (it stopped reading an oversize body, or timed out): nothing to answer
        } finally {
            exchange.close();
        }
    }

    private static void answer(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
        boolean noBody = reply.body().length == 0 || exchange.getRequestMethod().equals("HEAD")
                || reply.status() == 204 || reply.status() == 304;
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    private static void stream(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
        exchange.sendResponseHeaders(reply.status(), reply.declareLength() ? reply.bodyLength() : 0);
        byte[] chunk = new byte[8192];
        java.util.Arrays.fill(chunk, (byte) ' ');
        chunk[0] = '[';
        try (OutputStream out = exchange.getResponseBody()) {
            for (long left = reply.bodyLength(); left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(left, chunk.length));
                chunk[0] = ' ';
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        delays.shutdownNow();
        handlers.shutdownNow();
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Replies served in order, the last one repeating. */
    private static final class Script {
        private final List<Reply> replies;
        private final AtomicInteger next = new AtomicInteger();

        Script(List<Reply> replies) {
            this.replies = new ArrayList<>(replies);
        }

        Reply next() {
            int i = next.getAndIncrement();
            return replies.get(Math.min(i, replies.size() - 1));
        }
    }

    /**
     * What the server answers to one request: a status with headers and a body, optionally after a delay, or a
     * fault (the connection closed without an answer; a body of a given size streamed out). Immutable; build with
     * the factories and refine with {@link #withHeader} and {@link #after}.
     *
     * @param status        the status code (ignored by {@link Kind#RESET})
     * @param headers       response headers, in order (a name may repeat)
     * @param body          the body of a {@link Kind#NORMAL} reply
     * @param kind          a normal answer or a fault
     * @param bodyLength    the size of a {@link Kind#STREAMED} body
     * @param declareLength whether a {@link Kind#STREAMED} body declares its {@code Content-Length} (else chunked)
     * @param delay         how long after the request to answer (no thread is held meanwhile)
     */
    public record Reply(int status, List<Map.Entry<String, String>> headers, byte[] body, Kind kind, long bodyLength,
                        boolean declareLength, Duration delay) {

        /** What kind of answer. */
        public enum Kind {
            /** A status, headers and a body. */
            NORMAL,
            /** The connection is closed without an answer (what a crashed server looks like to a client). */
            RESET,
            /** A JSON-looking body of {@code bodyLength} bytes, written until done or until the client goes away. */
            STREAMED
        }

        public Reply {
            headers = List.copyOf(headers);
            body = body == null ? new byte[0] : body;
            Objects.requireNonNull(kind, "kind");
            delay = delay == null ? Duration.ZERO : delay;
        }

        /** {@code 200} with a JSON body. */
        public static Reply json(String json) {
            return json(200, json);
        }

        /** {@code status} with a JSON body. */
        public static Reply json(int status, String json) {
            return text(status, "application/json", json);
        }

        /** {@code status} with a body of {@code contentType}. */
        public static Reply text(int status, String contentType, String body) {
            return new Reply(status, List.of(Map.entry("Content-Type", contentType)),
                    body.getBytes(StandardCharsets.UTF_8), Kind.NORMAL, 0, false, Duration.ZERO);
        }

        /** {@code status} with an empty body and no content type. */
        public static Reply status(int status) {
            return new Reply(status, List.of(), new byte[0], Kind.NORMAL, 0, false, Duration.ZERO);
        }

        /** {@code 429} asking to wait {@code retryAfter}, as delta-seconds ({@code Retry-After: 2}). */
        public static Reply tooManyRequests(Duration retryAfter) {
            return json(429, "{\"error\":\"too many requests\"}").withHeader("Retry-After", Long.toString(retryAfter.toSeconds()));
        }

        /** {@code 429} asking to wait until {@code until}, as an IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}). */
        public static Reply tooManyRequestsUntil(Instant until) {
            return json(429, "{\"error\":\"too many requests\"}").withHeader("Retry-After", HTTP_DATE.format(until));
        }

        /** {@code 503} with a short JSON body. */
        public static Reply unavailable() {
            return json(503, "{\"error\":\"service unavailable\"}");
        }

        /** A redirect: {@code status} (301, 302, 303, 307, 308) to {@code location}. */
        public static Reply redirect(int status, String location) {
            return status(status).withHeader("Location", location);
        }

        /** The connection is closed without an answer. */
        public static Reply reset() {
            return new Reply(0, List.of(), new byte[0], Kind.RESET, 0, false, Duration.ZERO);
        }

        /**
         * {@code 200 application/json} with a body of {@code bytes} bytes, streamed until written or until the client
         * goes away; with {@code declareLength} it announces its {@code Content-Length}, else it is chunked (so only a
         * client that counts while reading can stop early).
         */
        public static Reply oversize(long bytes, boolean declareLength) {
            return new Reply(200, List.of(Map.entry("Content-Type", "application/json")), new byte[0], Kind.STREAMED,
                    bytes, declareLength, Duration.ZERO);
        }

        /** This reply with one more header. */
        public Reply withHeader(String name, String value) {
            List<Map.Entry<String, String>> more = new ArrayList<>(headers);
            more.add(Map.entry(name, value));
            return new Reply(status, more, body, kind, bodyLength, declareLength, delay);
        }

        /** This reply, sent {@code delay} after the request arrived. */
        public Reply after(Duration delay) {
            return new Reply(status, headers, body, kind, bodyLength, declareLength, delay);
        }

        @Override
        public String toString() {
            return "Reply[" + kind + " " + status + ", " + headers + (delay.isZero() ? "" : ", after " + delay) + "]";
        }
    }

    /**
     * One request as the server received it. Immutable.
     *
     * @param method  the request method
     * @param uri     the request target exactly as sent (raw: percent-encoding kept)
     * @param headers the request headers, names case-insensitive
     * @param body    the request body
     */
    public record Request(String method, URI uri, Map<String, List<String>> headers, byte[] body) {

        public Request {
            TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            headers = Collections.unmodifiableMap(copy);
            body = body == null ? new byte[0] : body;
        }

        /** The raw path (percent-encoding kept). */
        public String rawPath() {
            return uri.getRawPath();
        }

        /** The raw query, or {@code null}. */
        public String rawQuery() {
            return uri.getRawQuery();
        }

        /** The path's segments after the leading slash, each percent-decoded. */
        public List<String> pathSegments() {
            List<String> out = new ArrayList<>();
            String path = rawPath();
            for (String segment : path.substring(path.startsWith("/") ? 1 : 0).split("/", -1)) {
                out.add(decode(segment, false));
            }
            return out;
        }

        /** The query's parameters, names and values percent-decoded ({@code +} is a space), in order. */
        public List<Map.Entry<String, String>> queryParameters() {
            List<Map.Entry<String, String>> out = new ArrayList<>();
            String query = rawQuery();
            if (query == null || query.isEmpty()) {
                return out;
            }
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                out.add(Map.entry(decode(eq < 0 ? pair : pair.substring(0, eq), true), decode(eq < 0 ? "" : pair.substring(eq + 1), true)));
            }
            return out;
        }

        /** The first value of query parameter {@code name}, or {@code null}. */
        public String queryParameter(String name) {
            return queryParameters().stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst().orElse(null);
        }

        /** The first value of header {@code name}, or {@code null}. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The body as UTF-8 text. */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        private static String decode(String raw, boolean plusIsSpace) {
            // URLDecoder reads '+' as a space; in a path a '+' is itself.
            return URLDecoder.decode(plusIsSpace ? raw : raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Request[" + method + " " + uri + ", " + body.length + " body bytes]";
        }
    }
}
