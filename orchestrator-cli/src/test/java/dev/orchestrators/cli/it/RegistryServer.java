package dev.orchestrators.cli.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real schema registry for a test class: Apicurio Registry's ready-to-run distribution (unpacked by the build from
 * Maven Central, see this module's pom), started as its own JVM with in-memory storage on free ports, serving the
 * Confluent-compatible API at {@link #url()}; stopped after the class.
 * {@code @RegisterExtension static final RegistryServer registry = new RegistryServer();}
 *
 * <p>Besides starting it, it speaks the registry's REST API with plain HTTP (no code of the runtime), so a test can
 * register schemas and fetch them independently of what it tests.
 */
final class RegistryServer implements BeforeAllCallback, AfterAllCallback {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private Path log;
    private String url;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path jar = Path.of(System.getProperty("apicurio.registry.jar", "target/apicurio-registry/missing.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no schema registry at " + jar + ": run the integration tests through Maven "
                    + "(mvn verify unpacks Apicurio Registry in pre-integration-test)");
        }
        int port = freePort();
        log = Files.createTempFile(Path.of("target"), "apicurio-registry-" + port + "-", ".log");
        process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.management.port=" + freePort(), "-Dquarkus.management.host=127.0.0.1",
                "-jar", jar.toString()))
                .directory(jar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        url = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> !process.isAlive() || get("/subjects").statusCode() == 200);
        } catch (RuntimeException e) {
            afterAll(context);
            throw new IllegalStateException("the schema registry did not start; its log: " + log, e);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("the schema registry exited with " + process.exitValue() + "; its log: " + log);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The Confluent-compatible API's base URL, e.g. {@code http://127.0.0.1:40123/apis/ccompat/v7}. */
    String url() {
        return url;
    }

    /** Registers {@code schemaJson} (an Avro schema) under {@code subject} and returns its id. */
    int register(String subject, String schemaJson) {
        String answer = expectOk(send("POST", "/subjects/" + subject + "/versions", schemaBody(schemaJson)));
        try {
            return JSON.readTree(answer).get("id").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the schema with {@code id} ({@code GET /schemas/ids/{id}}). */
    String schemaById(int id) {
        try {
            return JSON.readTree(expectOk(send("GET", "/schemas/ids/" + id, null))).get("schema").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes {@code subject} check new versions for BACKWARD compatibility ({@code PUT /config/{subject}}). */
    void requireBackward(String subject) {
        expectOk(send("PUT", "/config/" + subject, "{\"compatibility\":\"BACKWARD\"}"));
    }

    /** {@code POST /compatibility/subjects/{subject}/versions/latest}: the registry's answer, e.g. {@code {"is_compatible":true}}. */
    String compatibility(String subject, String schemaJson) {
        return expectOk(send("POST", "/compatibility/subjects/" + subject + "/versions/latest", schemaBody(schemaJson)));
    }

    private static String schemaBody(String schemaJson) {
        try {
            return JSON.writeValueAsString(java.util.Map.of("schema", schemaJson));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", CONTENT_TYPE)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String expectOk(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("registry answered " + response.statusCode() + " to " + response.request().method()
                    + " " + response.request().uri() + ": " + response.body());
        }
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
