package dev.orchestrators.localservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.localservers.LocalHttpServer.Reply;
import dev.orchestrators.localservers.LocalHttpServer.Request;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalHttpServerTest {
    private final LocalHttpServer server = LocalHttpServer.start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(server.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswerScriptedRepliesInOrderAndRepeatTheLastOne() throws Exception {
        // given
        server.script("/a", Reply.unavailable(), Reply.json("{\"ok\":true}"));
        // when
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(get("/a").statusCode());
        }
        // then
        assertThat(statuses).containsExactly(503, 200, 200);
        assertThat(get("/a").body()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void shouldRecordEveryRequestRawWithItsHeadersAndBody() throws Exception {
        // given
        server.script("/companies/a%2Fb", Reply.status(204));
        // when
        client.send(HttpRequest.newBuilder(server.uri("/companies/a%2Fb?q=x%20y"))
                .header("X-Test", "1").POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")).build(),
                HttpResponse.BodyHandlers.discarding());
        // then
        Request request = server.requests("/companies/a%2Fb").get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathSegments()).containsExactly("companies", "a/b");
        assertThat(request.queryParameter("q")).isEqualTo("x y");
        assertThat(request.header("x-test")).isEqualTo("1");
        assertThat(request.bodyText()).isEqualTo("{\"n\":1}");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void shouldAskToRetryAfterSecondsOrAfterAnHttpDate() throws Exception {
        // given
        Instant until = ZonedDateTime.parse("2030-01-02T03:04:05Z").toInstant();
        server.script("/limited", Reply.tooManyRequests(Duration.ofSeconds(7)), Reply.tooManyRequestsUntil(until));
        // when
        HttpResponse<String> seconds = get("/limited");
        HttpResponse<String> date = get("/limited");
        // then
        assertThat(seconds.statusCode()).isEqualTo(429);
        assertThat(seconds.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(date.headers().firstValue("Retry-After")).hasValue("Wed, 02 Jan 2030 03:04:05 GMT");
    }

    @Test
    void shouldAnswerDelayedRepliesWithoutHoldingAHandlerThreadEach() {
        // given: more delayed requests than the server has handler threads (4)
        server.script("/slow", Reply.json("{}").after(Duration.ofMillis(300)));
        long started = System.nanoTime();
        // when
        List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(client.sendAsync(HttpRequest.newBuilder(server.uri("/slow")).build(), HttpResponse.BodyHandlers.discarding()));
        }
        answers.forEach(CompletableFuture::join);
        // then: they waited together, not four at a time
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofMillis(900));
    }

    @Test
    void shouldCloseTheConnectionWithoutAnAnswerOnReset() {
        // given
        server.script("/reset", Reply.reset());
        // when / then
        assertThatThrownBy(() -> get("/reset")).isInstanceOf(IOException.class);
    }

    @Test
    void shouldStreamAnOversizeBodyWithOrWithoutItsLength() throws Exception {
        // given
        server.script("/declared", Reply.oversize(5_000_000, true));
        server.script("/chunked", Reply.oversize(5_000_000, false));
        // when
        HttpResponse<InputStream> declared = client.send(HttpRequest.newBuilder(server.uri("/declared")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> chunked = client.send(HttpRequest.newBuilder(server.uri("/chunked")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        // then
        assertThat(declared.headers().firstValueAsLong("Content-Length")).hasValue(5_000_000L);
        assertThat(chunked.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        try (InputStream in = declared.body(); InputStream other = chunked.body()) {
            assertThat(in.readNBytes(10)[0]).isEqualTo((byte) '[');
            assertThat(other.readNBytes(10)).hasSize(10);
        }
    }

    @Test
    void shouldRedirectToTheGivenLocation() throws Exception {
        // given
        server.script("/old", Reply.redirect(302, "/new"));
        // when
        HttpResponse<String> response = get("/old");
        // then
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/new");
    }

    @Test
    void shouldAnswerNotFoundForAPathWithoutScriptOrHandler() throws Exception {
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswerHeadWithoutABody() throws Exception {
        // given
        server.script("/", Reply.json("{\"a\":1}"));
        // when
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.uri("/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void shouldAnswerWithTheLongestMatchingHandler() throws Exception {
        // given
        server.handle("/api", r -> Reply.json("{\"h\":\"api\"}"));
        server.handle("/api/v2", r -> Reply.json("{\"h\":\"v2\"}"));
        // when / then
        assertThat(get("/api/v2/x").body()).isEqualTo("{\"h\":\"v2\"}");
        assertThat(get("/api/v1").body()).isEqualTo("{\"h\":\"api\"}");
    }
}
