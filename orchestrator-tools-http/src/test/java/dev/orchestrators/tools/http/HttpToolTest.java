package dev.orchestrators.tools.http;

import static dev.orchestrators.tools.http.HttpToolFixture.call;
import static dev.orchestrators.tools.http.HttpToolFixture.callWithTrace;
import static dev.orchestrators.tools.http.HttpToolFixture.failure;
import static dev.orchestrators.tools.http.HttpToolFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.localservers.LocalHttpServer;
import dev.orchestrators.localservers.LocalHttpServer.Reply;
import dev.orchestrators.localservers.LocalHttpServer.Request;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an http tool sends and what it makes of the answers, on a real local server. */
class HttpToolTest {
    private final LocalHttpServer server = LocalHttpServer.start();
    private final HttpToolFixture fixture = new HttpToolFixture();

    @AfterEach
    void stop() {
        fixture.close();
        server.close();
    }

    private Request only(String rawPath) {
        assertThat(server.requests()).hasSize(1);
        return server.requests(rawPath).get(0);
    }

    @Test
    void shouldAnswerAJsonObjectsFieldsAsTheResult() {
        // given
        server.script("/api/companies/acme.example", Reply.json("{\"company_name\":\"Acme Inc.\",\"employees\":42,\"tags\":[\"a\"]}"));
        HttpTool tool = fixture.tool("companies", server.baseUrl() + "/api", "path", "/companies/{domain}", "query", "none");
        // when
        ToolResult result = result(tool.invoke(call("companies", "domain", "acme.example", "lead_id", "l-1")));
        // then
        assertThat(result.fields()).containsExactly(Map.entry("company_name", "Acme Inc."), Map.entry("employees", 42),
                Map.entry("tags", List.of("a")));
        Request request = only("/api/companies/acme.example");
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.rawQuery()).isNull();
        assertThat(request.header("Accept")).isEqualTo("application/json");
        assertThat(request.header("Idempotency-Key")).isNull();
    }

    @Test
    void shouldAnswerAJsonArrayAsRecords() {
        // given
        server.script("/companies", Reply.json("[{\"domain\":\"a.example\"},{\"domain\":\"b.example\"}]"));
        HttpTool tool = fixture.tool("search", server.baseUrl(), "path", "/companies");
        // when
        ToolResult result = result(tool.invoke(call("search", "query", "a")));
        // then
        assertThat(result.fields()).containsOnlyKeys("records");
        assertThat((List<?>) result.field("records")).hasSize(2);
    }

    @Test
    void shouldAnswerTheListAtTheRecordsPointerAsRecords() {
        // given
        server.script("/companies", Reply.json("{\"data\":{\"items\":[{\"domain\":\"a.example\"}]},\"next\":null}"));
        HttpTool tool = fixture.tool("search", server.baseUrl(), "path", "/companies", "records.pointer", "/data/items");
        // when
        ToolResult result = result(tool.invoke(call("search")));
        // then
        assertThat(result.fields()).isEqualTo(Map.of("records", List.of(Map.of("domain", "a.example"))));
    }

    @Test
    void shouldFailPermanentlyWhenTheRecordsPointerFindsNoList() {
        server.script("/companies", Reply.json("{\"data\":{}}"));
        HttpTool tool = fixture.tool("search", server.baseUrl(), "path", "/companies", "records.pointer", "/data/items");
        assertThat(failure(tool.invoke(call("search")))).isInstanceOfSatisfying(PermanentException.class,
                e -> assertThat(e.type()).isEqualTo("MalformedResponse"));
    }

    @Test
    void shouldAnswerTheStatusForAnEmptyBody() {
        server.script("/ping", Reply.status(204));
        HttpTool tool = fixture.tool("ping", server.baseUrl(), "path", "/ping");
        assertThat(result(tool.invoke(call("ping"))).fields()).isEqualTo(Map.of("status", 204));
    }

    @Test
    void shouldFailPermanentlyForANonJsonAnswerNamingItsContentTypeButNotItsBody() {
        // given
        server.script("/page", Reply.text(200, "text/html; charset=utf-8", "<html>secret page of jane@example.com</html>"));
        HttpTool tool = fixture.tool("page", server.baseUrl(), "path", "/page");
        // when
        Throwable failure = failure(tool.invoke(call("page")));
        // then
        assertThat(failure).isInstanceOfSatisfying(PermanentException.class, e -> assertThat(e.type()).isEqualTo("UnexpectedContentType"))
                .hasMessageContaining("'text/html'").hasMessageNotContaining("jane@example.com");
    }

    @Test
    void shouldReadAProblemJsonAnswerAsJson() {
        server.script("/x", Reply.text(200, "application/problem+json", "{\"a\":1}"));
        HttpTool tool = fixture.tool("x", server.baseUrl(), "path", "/x");
        assertThat(result(tool.invoke(call("x"))).fields()).isEqualTo(Map.of("a", 1));
    }

    @Test
    void shouldFailPermanentlyForMalformedJson() {
        server.script("/x", Reply.json("{\"a\":"));
        HttpTool tool = fixture.tool("x", server.baseUrl(), "path", "/x");
        assertThat(failure(tool.invoke(call("x")))).isInstanceOfSatisfying(PermanentException.class,
                e -> assertThat(e.type()).isEqualTo("MalformedResponse"));
    }

    @Test
    void shouldSendTheArgumentsOfAGetThatAreNotInThePathAsTheQuery() {
        // given
        server.script("/v1/search", Reply.json("{}"));
        HttpTool tool = fixture.tool("search", server.baseUrl() + "/v1/", "path", "/search?version=2");
        // when
        result(tool.invoke(call("search", "query", "acme & co = bücher+", "tags", List.of("a", "b"), "page", 2, "none", null)));
        // then
        Request request = only("/v1/search");
        assertThat(request.queryParameters()).containsExactly(Map.entry("version", "2"), Map.entry("query", "acme & co = bücher+"),
                Map.entry("tags", "a"), Map.entry("tags", "b"), Map.entry("page", "2"));
    }

    @Test
    void shouldRefuseAnObjectInTheQueryString() {
        HttpTool tool = fixture.tool("search", server.baseUrl(), "path", "/search");
        assertThat(failure(tool.invoke(call("search", "filter", Map.of("a", 1))))).hasMessageContaining("'filter' is an object");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void shouldPostTheArgumentsNotInThePathAsAJsonBodyWithoutTheIdempotencyKey() {
        // given
        server.script("/accounts/a-1/notes", Reply.json(201, "{\"note_id\":\"n-1\"}"));
        HttpTool tool = fixture.tool("notes", server.baseUrl(), "capability", "write", "path", "/accounts/{account}/notes");
        // when
        ToolResult result = result(tool.invoke(call("notes", "account", "a-1", "text", "hello", "fields", Map.of("n", 1),
                "idempotency_key", "run-1:notes")));
        // then
        assertThat(result.field("note_id")).isEqualTo("n-1");
        Request request = only("/accounts/a-1/notes");
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.bodyText()).isEqualTo("{\"text\":\"hello\",\"fields\":{\"n\":1}}");
        assertThat(request.header("Idempotency-Key")).isEqualTo("run-1:notes");
    }

    @Test
    void shouldSendOnlyTheNamedArgumentsWhereConfigured() {
        server.script("/items", Reply.json("{}"));
        HttpTool tool = fixture.tool("items", server.baseUrl(), "method", "put", "path", "/items", "query", "version",
                "body", "name");
        result(tool.invoke(call("items", "version", 3, "name", "x", "other", "y")));
        Request request = only("/items");
        assertThat(request.rawQuery()).isEqualTo("version=3");
        assertThat(request.bodyText()).isEqualTo("{\"name\":\"x\"}");
    }

    @Test
    void shouldSendFixedHeaders() {
        server.script("/x", Reply.json("{}"));
        HttpTool tool = fixture.tool("x", server.baseUrl(), "path", "/x", "headers", "{\"X-Client\": \"orchestrators\", \"Accept\": \"application/vnd.api+json\"}");
        result(tool.invoke(call("x")));
        Request request = only("/x");
        assertThat(request.header("X-Client")).isEqualTo("orchestrators");
        assertThat(request.headers().get("Accept")).containsExactly("application/vnd.api+json");
    }

    @Test
    void shouldForwardTheCallersTraceContext() {
        // given
        server.script("/x", Reply.json("{}"));
        HttpTool tool = fixture.tool("x", server.baseUrl(), "path", "/x");
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        // when
        result(tool.invoke(callWithTrace("x", Map.of("traceparent", traceparent, "tracestate", "vendor=a"))));
        // then
        assertThat(only("/x").header("traceparent")).isEqualTo(traceparent);
        assertThat(only("/x").header("tracestate")).isEqualTo("vendor=a");
    }

    @Test
    void shouldDropAMalformedTraceContextInsteadOfFailingTheCall() {
        server.script("/x", Reply.json("{}"));
        HttpTool tool = fixture.tool("x", server.baseUrl(), "path", "/x");
        result(tool.invoke(callWithTrace("x", Map.of("traceparent", "00-x\r\nHost: evil.example"))));
        assertThat(only("/x").header("traceparent")).isNull();
        assertThat(only("/x").headers().get("Host")).containsExactly("127.0.0.1:" + server.port());
    }

    @Test
    void shouldAuthenticateWithABearerTokenBasicOrAHeaderOfItsOwn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // given
        java.nio.file.Path token = java.nio.file.Files.writeString(dir.resolve("token"), "t0ken\n");
        server.script("/x", Reply.json("{}"));
        HttpTool bearer = fixture.tool("b", server.baseUrl(), "path", "/x", "auth", "bearer", "auth.token", "file:" + token);
        HttpTool basic = fixture.tool("c", server.baseUrl(), "path", "/x", "auth", "basic", "auth.user", "me", "auth.password", "file:" + token);
        HttpTool header = fixture.tool("d", server.baseUrl(), "path", "/x", "auth", "header", "auth.header.name", "X-Api-Key",
                "auth.token", "file:" + token);
        // when
        result(bearer.invoke(call("b")));
        result(basic.invoke(call("c")));
        result(header.invoke(call("d")));
        // then
        List<Request> requests = server.requests("/x");
        assertThat(requests.get(0).header("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(requests.get(1).header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("me:t0ken".getBytes(StandardCharsets.UTF_8)));
        assertThat(requests.get(2).header("X-Api-Key")).isEqualTo("t0ken");
        assertThat(requests.get(2).header("Authorization")).isNull();
    }

    @Test
    void shouldRefuseCallsAfterItIsClosed() {
        HttpTool tool = fixture.tool("x", server.baseUrl());
        tool.close();
        assertThat(failure(tool.invoke(call("x")))).isInstanceOfSatisfying(PermanentException.class,
                e -> assertThat(e.type()).isEqualTo("ToolClosed"));
    }

    @Test
    void shouldCallTheBaseUrlItselfWhenThereIsNoPath() {
        server.script("/", Reply.json("{\"root\":true}"));
        HttpTool tool = fixture.tool("root", server.baseUrl(), "query", "none");
        assertThat(result(tool.invoke(call("root", "ignored", 1))).fields()).isEqualTo(Map.of("root", true));
        assertThat(only("/").rawQuery()).isNull();
    }
}
