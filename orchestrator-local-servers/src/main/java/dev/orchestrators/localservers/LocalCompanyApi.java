package dev.orchestrators.localservers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrators.localservers.LocalHttpServer.Reply;
import dev.orchestrators.localservers.LocalHttpServer.Request;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * A small company API over real HTTP, for the reference flows' real mode ({@code demo --real}), the bench and tests.
 * Its answers are derived from their input, so the same request always gets the same answer:
 * <ul>
 *   <li>{@code GET /companies/{domain}}: {@code {"domain", "company_name", "industry", "employees"}};
 *       {@code 404} for a domain starting with {@code unknown}.</li>
 *   <li>{@code GET /companies?query=...}: {@code {"records": [{"domain", "name", "industry", "employees",
 *       "funding_round"}, ...]}}, the companies of a small catalogue whose name the query mentions or starts with;
 *       {@code 503} for a query that mentions {@code outage}.</li>
 *   <li>{@code POST /deliveries} with an {@code Idempotency-Key} header and a JSON body:
 *       {@code 201 {"delivery_id", "status": "accepted"}}. The same key always answers the same {@code delivery_id}
 *       and is recorded once ({@code Idempotent-Replayed: true} on a repeat); the same key with a different body is
 *       {@code 422}, a missing key {@code 400} (the IETF {@code Idempotency-Key} header draft's rules).</li>
 *   <li>{@code GET /health}: {@code 200}.</li>
 * </ul>
 * Every answer can come after a fixed latency (say 20 ms, like a remote API), which holds no thread while it waits.
 * It records no request (long bench runs): {@link #requestCount()} and {@link #deliveries()} count. Thread-safe;
 * not for production.
 */
public final class LocalCompanyApi implements AutoCloseable {
    /** The header deliveries are de-duplicated by. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final List<String> CATALOGUE = List.of("acme", "globex", "initech", "umbrella", "hooli", "stark",
            "wayne", "tyrell");
    private static final List<String> INDUSTRIES = List.of("manufacturing", "software", "logistics", "biotech", "media", "energy");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalHttpServer server;
    private final Duration latency;
    private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
    private final AtomicLong deliveryRequests = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();

    private record Delivery(String id, JsonNode body) {
    }

    private LocalCompanyApi(Duration latency) {
        this.latency = Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must be >= 0, was " + latency);
        }
        this.server = LocalHttpServer.startWithoutRecording();
        server.handle("/companies", this::companies);
        server.handle("/deliveries", this::deliveries);
        server.handle("/health", request -> late(Reply.json("{\"status\":\"up\"}")));
    }

    /** The API answering at once, on a free loopback port. */
    public static LocalCompanyApi start() {
        return new LocalCompanyApi(Duration.ZERO);
    }

    /**
     * The API answering every request {@code latency} after it arrived.
     *
     * @throws IllegalArgumentException when {@code latency} is negative
     */
    public static LocalCompanyApi start(Duration latency) {
        return new LocalCompanyApi(latency);
    }

    /** {@code http://127.0.0.1:<port>}: the {@code base.url} of an http tool. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** The port it listens on. */
    public int port() {
        return server.port();
    }

    /** Distinct deliveries recorded (one per {@code Idempotency-Key}). */
    public int deliveries() {
        return deliveries.size();
    }

    /** {@code POST /deliveries} requests received, repeats included. */
    public long deliveryRequests() {
        return deliveryRequests.get();
    }

    /** Every request received. */
    public long requestCount() {
        return server.requestCount();
    }

    /** What {@code GET /companies/{domain}} answers for {@code domain}. */
    public static Map<String, Object> company(String domain) {
        long h = hash(domain.toLowerCase(Locale.ROOT));
        String stem = domain.indexOf('.') > 0 ? domain.substring(0, domain.indexOf('.')) : domain;
        Map<String, Object> company = new LinkedHashMap<>();
        company.put("domain", domain);
        company.put("company_name", stem.isEmpty() ? "" : Character.toUpperCase(stem.charAt(0)) + stem.substring(1) + " Inc.");
        company.put("industry", INDUSTRIES.get((int) (h % INDUSTRIES.size())));
        company.put("employees", 10 + (int) ((h >>> 8) % 5000));
        return company;
    }

    /** What {@code GET /companies?query=...} answers for {@code query}: its records. */
    public static List<Map<String, Object>> search(String query) {
        String q = query.toLowerCase(Locale.ROOT).trim();
        String first = q.split("\\s+")[0];
        List<Map<String, Object>> records = new ArrayList<>();
        for (String name : CATALOGUE) {
            if (!q.isEmpty() && (q.contains(name) || name.startsWith(first))) {
                Map<String, Object> record = company(name + ".example");
                record.put("name", record.remove("company_name"));
                record.put("funding_round", "series " + "ABC".charAt((int) (hash(name) % 3)));
                records.add(record);
            }
        }
        return records;
    }

    private Reply companies(Request request) {
        List<String> segments = request.pathSegments();
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return late(Reply.json(405, "{\"error\":\"method not allowed\"}"));
        }
        if (segments.size() == 1) {
            String query = request.queryParameter("query");
            if (query == null) {
                return late(Reply.json(400, "{\"error\":\"query is required\"}"));
            }
            if (query.toLowerCase(Locale.ROOT).contains("outage")) {
                return late(Reply.unavailable());
            }
            return late(json(200, Map.of("records", search(query))));
        }
        if (segments.size() != 2 || segments.get(1).isBlank()) {
            return late(Reply.json(404, "{\"error\":\"not found\"}"));
        }
        String domain = segments.get(1);
        if (domain.toLowerCase(Locale.ROOT).startsWith("unknown")) {
            return late(Reply.json(404, "{\"error\":\"no such company\"}"));
        }
        return late(json(200, company(domain)));
    }

    private Reply deliveries(Request request) {
        if (!request.method().equals("POST") || !request.rawPath().equals("/deliveries")) {
            return late(Reply.json(405, "{\"error\":\"method not allowed\"}"));
        }
        deliveryRequests.incrementAndGet();
        String key = request.header(IDEMPOTENCY_KEY);
        if (key == null || key.isBlank()) {
            return late(Reply.json(400, "{\"error\":\"an Idempotency-Key header is required\"}"));
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body().length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : request.body());
        } catch (java.io.IOException e) {
            return late(Reply.json(400, "{\"error\":\"the body is not JSON\"}"));
        }
        boolean[] first = {false};
        Delivery recorded = deliveries.computeIfAbsent(key, k -> {
            first[0] = true;
            return new Delivery(String.format("dlv-%08d", sequence.incrementAndGet()), body);
        });
        if (!recorded.body().equals(body)) {
            return late(Reply.json(422, "{\"error\":\"the Idempotency-Key was used with a different body\"}"));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("delivery_id", recorded.id());
        answer.put("status", "accepted");
        Reply reply = json(201, answer);
        return late(first[0] ? reply : reply.withHeader("Idempotent-Replayed", "true"));
    }

    private Reply late(Reply reply) {
        return latency.isZero() ? reply : reply.after(latency);
    }

    private static Reply json(int status, Object value) {
        try {
            return Reply.json(status, JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long hash(String value) {
        CRC32 crc = new CRC32();
        crc.update(value.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "LocalCompanyApi[" + baseUrl() + ", latency " + latency.toMillis() + " ms]";
    }
}
