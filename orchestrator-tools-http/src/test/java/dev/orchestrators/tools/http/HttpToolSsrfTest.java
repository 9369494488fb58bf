package dev.orchestrators.tools.http;

import static dev.orchestrators.tools.http.HttpToolFixture.call;
import static dev.orchestrators.tools.http.HttpToolFixture.callWithTrace;
import static dev.orchestrators.tools.http.HttpToolFixture.failure;
import static dev.orchestrators.tools.http.HttpToolFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.json.Json;
import dev.orchestrators.localservers.LocalHttpServer;
import dev.orchestrators.localservers.LocalHttpServer.Reply;
import dev.orchestrators.localservers.LocalHttpServer.Request;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No payload value can move a request to another scheme, host, port or path, add a query, a fragment or a header:
 * each hostile value either arrives intact as the one path segment, query value or body field it was meant for, on
 * this server, or is refused. A second server stands for the "evil" host and must see nothing.
 */
class HttpToolSsrfTest {
    private final LocalHttpServer server = LocalHttpServer.start();
    private static final LocalHttpServer evil = LocalHttpServer.start();
    private final HttpToolFixture fixture = new HttpToolFixture();

    HttpToolSsrfTest() {
        server.handle("/", request -> Reply.json("{}"));
        evil.handle("/", request -> Reply.json("{\"evil\":true}"));
    }

    @AfterEach
    void stop() {
        fixture.close();
        server.close();
        assertThat(evil.requestCount()).as("requests that reached the other host").isZero();
    }

    @AfterAll
    static void stopEvil() {
        evil.close();
    }

    private HttpTool companies() {
        return fixture.tool("companies", server.baseUrl() + "/api", "path", "/companies/{domain}", "query", "none");
    }

    static Stream<String> payloads() {
        return Stream.of("http://evil.example/", evil.baseUrl() + "/", "@evil.example", "@127.0.0.1:" + evil.port(),
                "evil.example:80", "//evil.example/x", "\r\nHost: evil.example", "x\r\n\r\nGET /admin HTTP/1.1",
                "?x=", "?x=1", "#frag", "a/b", "%2F", "%00", "a\u0000b", "\\\\evil.example", "bücher-日本.example",
                "\uD83D\uDE00", "' OR 1=1 --", "<script>", "a b+c", "x".repeat(4000));
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void shouldKeepAHostilePathValueInsideItsOneSegmentOnThisServer(String payload) {
        // when
        result(companies().invoke(call("companies", "domain", payload)));
        // then
        assertThat(evil.requestCount()).isZero();
        assertThat(server.requests()).hasSize(1);
        Request request = server.requests().get(0);
        assertThat(request.pathSegments()).containsExactly("api", "companies", payload);
        assertThat(request.rawQuery()).isNull();
        assertThat(request.headers().get("Host")).containsExactly("127.0.0.1:" + server.port());
        assertThat(request.headers()).doesNotContainKey("X-Injected");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "../../admin", "..%2F..%2Fadmin", "%2e%2e%2f", "%2E%2E", "..\\..\\admin", "a/../../admin",
            "%252e%252e%252f"})
    void shouldRefuseAPathValueThatWouldClimbOutOfItsSegment(String payload) {
        // when
        Throwable failure = failure(companies().invoke(call("companies", "domain", payload)));
        // then
        assertThat(failure).isInstanceOfSatisfying(PermanentException.class, e -> assertThat(e.type()).isEqualTo("InputRefused"))
                .hasMessageContaining("argument 'domain'");
        assertThat(server.requestCount()).isZero();
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void shouldKeepAHostileQueryValueAsOneQueryValue(String payload) {
        // given
        HttpTool search = fixture.tool("search", server.baseUrl() + "/api", "path", "/search");
        // when
        result(search.invoke(call("search", "query", payload, payload.length() < 100 ? payload : "name", "v")));
        // then
        assertThat(evil.requestCount()).isZero();
        Request request = server.requests().get(0);
        assertThat(request.pathSegments()).containsExactly("api", "search");
        assertThat(request.queryParameters()).containsExactly(Map.entry("query", payload),
                Map.entry(payload.length() < 100 ? payload : "name", "v"));
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void shouldKeepAHostileBodyValueInsideTheJsonBody(String payload) throws Exception {
        // given
        HttpTool deliver = fixture.tool("deliver", server.baseUrl() + "/api", "capability", "send", "path", "/deliveries");
        // when
        result(deliver.invoke(call("deliver", "note", payload, "idempotency_key", "k-1")));
        // then
        Request request = server.requests("/api/deliveries").get(0);
        assertThat(Json.mapper().readValue(request.body(), Map.class)).isEqualTo(Map.of("note", payload));
    }

    @Test
    void shouldRefuseAValueThatMakesTheUrlTooLong() {
        Throwable failure = failure(companies().invoke(call("companies", "domain", "x".repeat(1_000_000))));
        assertThat(failure).hasMessageContaining("max.url.length=8192");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void shouldRefuseAnIdempotencyKeyThatWouldAddAHeader() {
        HttpTool deliver = fixture.tool("deliver", server.baseUrl(), "capability", "send", "path", "/deliveries");
        Throwable failure = failure(deliver.invoke(call("deliver", "idempotency_key", "k-1\r\nX-Injected: yes")));
        assertThat(failure).isInstanceOfSatisfying(PermanentException.class, e -> assertThat(e.type()).isEqualTo("InputRefused"))
                .hasMessageContaining("idempotency_key").hasMessageNotContaining("X-Injected");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void shouldDropATraceStateThatWouldAddAHeader() {
        HttpTool search = fixture.tool("search", server.baseUrl(), "path", "/search");
        result(search.invoke(callWithTrace("search", Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "tracestate", "a=b\r\nX-Injected: yes"))));
        Request request = server.requests().get(0);
        assertThat(request.header("traceparent")).isNotNull();
        assertThat(request.header("tracestate")).isNull();
        assertThat(request.headers()).doesNotContainKey("X-Injected");
    }

    @Test
    void shouldNeverLetAnArgumentNameLeaveTheQueryString() {
        HttpTool search = fixture.tool("search", server.baseUrl(), "path", "/search");
        result(search.invoke(call("search", "a=1&b", "2#x", "q", List.of("1", "2"))));
        assertThat(server.requests().get(0).queryParameters()).containsExactly(Map.entry("a=1&b", "2#x"),
                Map.entry("q", "1"), Map.entry("q", "2"));
    }
}
