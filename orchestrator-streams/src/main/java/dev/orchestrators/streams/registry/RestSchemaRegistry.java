package dev.orchestrators.streams.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client of the Confluent Schema Registry REST API, the one Confluent Schema Registry, Apicurio Registry
 * ({@code http://host:8080/apis/ccompat/v7}), Karapace and Redpanda serve: {@code POST /subjects/{subject}/versions}
 * (register), {@code POST /subjects/{subject}} (look up), {@code GET /schemas/ids/{id}} and
 * {@code POST /compatibility/subjects/{subject}/versions/latest}. Plain JDK HTTP and Jackson; HTTPS uses the JVM's
 * trust store ({@code javax.net.ssl.*}).
 *
 * <pre>{@code
 * SchemaRegistry registry = RestSchemaRegistry.of("http://registry:8081").withBasicAuth("user:secret");
 * int id = registry.register("lead_sync.results-value", AvroSchemas.ENVELOPE);
 * }</pre>
 *
 * <p>Schemas by id and ids by subject and schema are cached for the life of the instance (they never change in a
 * registry); nothing else is. Thread-safe.
 */
public final class RestSchemaRegistry implements SchemaRegistry {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final String baseUrl;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
    private final Map<Map.Entry<String, Schema>, Integer> ids = new ConcurrentHashMap<>();

    private RestSchemaRegistry(String baseUrl, String authorization, Duration timeout) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * A client of the registry at {@code url} (with the API's path, e.g. {@code http://apicurio:8080/apis/ccompat/v7}).
     *
     * @throws IllegalArgumentException when {@code url} is not an http(s) URL
     */
    public static RestSchemaRegistry of(String url) {
        Objects.requireNonNull(url, "url");
        URI uri = URI.create(url.trim());
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("schema registry URL must be http(s)://..., was '" + url + "'");
        }
        String base = uri.toString();
        return new RestSchemaRegistry(base.endsWith("/") ? base.substring(0, base.length() - 1) : base, null, DEFAULT_TIMEOUT);
    }

    /** This client sending HTTP basic authentication {@code user:password} (the Confluent {@code basic.auth.user.info}). */
    public RestSchemaRegistry withBasicAuth(String userInfo) {
        String header = userInfo == null || userInfo.isBlank() ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        return new RestSchemaRegistry(baseUrl, header, timeout);
    }

    /** This client giving up on a connection or an answer after {@code value} (default 10 s). */
    public RestSchemaRegistry withRequestTimeout(Duration value) {
        return new RestSchemaRegistry(baseUrl, authorization, Objects.requireNonNull(value, "value"));
    }

    /** The registry's URL. */
    public String url() {
        return baseUrl;
    }

    @Override
    public int register(String subject, Schema schema) {
        return ids.computeIfAbsent(Map.entry(subject, schema),
                key -> send("POST", "/subjects/" + encode(subject) + "/versions", body(schema)).get("id").asInt());
    }

    @Override
    public int idOf(String subject, Schema schema) {
        return ids.computeIfAbsent(Map.entry(subject, schema),
                key -> send("POST", "/subjects/" + encode(subject), body(schema)).get("id").asInt());
    }

    @Override
    public Schema schemaById(int id) {
        return schemas.computeIfAbsent(id, key -> parse(id, send("GET", "/schemas/ids/" + id, null)));
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            return send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", body(schema))
                    .path("is_compatible").asBoolean(false);
        } catch (SchemaNotFoundException noVersionYet) {
            return true;
        }
    }

    private static Schema parse(int id, JsonNode answer) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaNotFoundException("schema id " + id + " is a " + type + " schema, not an Avro schema");
        }
        try {
            return new Schema.Parser().parse(answer.path("schema").asText());
        } catch (SchemaParseException e) {
            throw new SchemaNotFoundException("schema id " + id + " is not a self-contained Avro schema (schema references are "
                    + "not supported): " + e.getMessage());
        }
    }

    private static String body(Schema schema) {
        try {
            return JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a schema as JSON", e);
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaRegistryUnavailableException("schema registry " + baseUrl + " cannot be reached (" + method + " "
                    + path + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("interrupted while asking schema registry " + baseUrl, e);
        }
        return answer(method, path, response.statusCode(), response.body());
    }

    private JsonNode answer(String method, String path, int status, String text) {
        JsonNode json;
        try {
            json = text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            json = JSON.createObjectNode();
        }
        if (status >= 200 && status < 300) {
            return json;
        }
        String message = "schema registry " + baseUrl + " answered " + status + " to " + method + " " + path + ": "
                + json.path("message").asText(text == null ? "" : text);
        if (status == 404) {
            throw new SchemaNotFoundException(message);
        }
        if (status >= 500 || status == 408 || status == 429) {
            throw new SchemaRegistryUnavailableException(message, null);
        }
        throw new SchemaRegistryRejectedException(message, status, json.path("error_code").asInt(0));
    }

    @Override
    public String toString() {
        return "RestSchemaRegistry[" + baseUrl + "]";
    }
}
