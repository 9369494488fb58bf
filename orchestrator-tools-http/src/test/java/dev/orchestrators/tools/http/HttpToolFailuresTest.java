package dev.orchestrators.tools.http;

import static dev.orchestrators.tools.http.HttpToolFixture.call;
import static dev.orchestrators.tools.http.HttpToolFixture.failure;
import static dev.orchestrators.tools.http.HttpToolFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.localservers.LocalHttpServer;
import dev.orchestrators.localservers.LocalHttpServer.Reply;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each row of {@link HttpFailures}' table that a real server can produce, and redirects, on a real local server. */
class HttpToolFailuresTest {
    private final LocalHttpServer server = LocalHttpServer.start();
    private final HttpToolFixture fixture = new HttpToolFixture();

    @AfterEach
    void stop() {
        fixture.close();
        server.close();
    }

    private Throwable failureOf(Reply reply, String... keyValues) {
        server.script("/api/companies/acme", reply);
        String[] settings = new String[keyValues.length + 4];
        settings[0] = "path";
        settings[1] = "/companies/{domain}";
        settings[2] = "query";
        settings[3] = "none";
        System.arraycopy(keyValues, 0, settings, 4, keyValues.length);
        HttpTool tool = fixture.tool("companies", server.baseUrl() + "/api", settings);
        return failure(tool.invoke(call("companies", "domain", "acme")));
    }

    private static void assertFailure(Throwable failure, FailureClass expectedClass, String expectedType) {
        assertThat(failure).isInstanceOf(OrchestratorException.class);
        assertThat(((OrchestratorException) failure).failureClass()).isEqualTo(expectedClass);
        assertThat(((OrchestratorException) failure).type()).isEqualTo(expectedType);
    }

    @Nested
    class Statuses {
        @Test
        void shouldRetryA429AfterTheSecondsTheServerAskedFor() {
            Throwable failure = failureOf(Reply.tooManyRequests(Duration.ofSeconds(2)));
            assertFailure(failure, FailureClass.TRANSIENT, "TooManyRequests");
            assertThat(((TransientException) failure).retryAfter()).hasValue(Duration.ofSeconds(2));
        }

        @Test
        void shouldRetryA429AfterTheDateTheServerAskedFor() {
            Throwable failure = failureOf(Reply.tooManyRequestsUntil(Instant.now().plusSeconds(30)));
            assertFailure(failure, FailureClass.TRANSIENT, "TooManyRequests");
            assertThat(((TransientException) failure).retryAfter()).hasValueSatisfying(delay ->
                    assertThat(delay).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30)));
        }

        @Test
        void shouldCutARetryAfterLongerThanTheMaximum() {
            Throwable failure = failureOf(Reply.tooManyRequests(Duration.ofDays(2)), "max.retry.after.ms", "60000");
            assertThat(((TransientException) failure).retryAfter()).hasValue(Duration.ofMinutes(1));
        }

        @Test
        void shouldRetryA503() {
            assertFailure(failureOf(Reply.unavailable()), FailureClass.TRANSIENT, "Unavailable");
        }

        @Test
        void shouldRetryA503AfterTheDelayItAskedFor() {
            Throwable failure = failureOf(Reply.unavailable().withHeader("Retry-After", "7"));
            assertThat(((TransientException) failure).retryAfter()).hasValue(Duration.ofSeconds(7));
        }

        @Test
        void shouldRetryA500() {
            assertFailure(failureOf(Reply.json(500, "{\"error\":\"boom\"}")), FailureClass.TRANSIENT, "ServerError");
        }

        @Test
        void shouldNotRetryA404AndShouldNameTheTemplateNotTheValue() {
            Throwable failure = failureOf(Reply.json(404, "{\"error\":\"no such company\"}"));
            assertFailure(failure, FailureClass.PERMANENT, "NotFound");
            assertThat(failure).hasMessage("tool 'companies': GET /api/companies/{domain} answered 404: {\"error\":\"no such company\"}");
        }

        @Test
        void shouldNotRetryA400() {
            assertFailure(failureOf(Reply.json(400, "{}")), FailureClass.PERMANENT, "BadRequest");
        }

        @Test
        void shouldNotQuoteTheErrorBodyWhenToldNotTo() {
            assertThat(failureOf(Reply.json(400, "{\"email\":\"jane@example.com\"}"), "error.body.chars", "0"))
                    .hasMessageNotContaining("jane@example.com");
        }
    }

    @Nested
    class Connections {
        @Test
        void shouldRetryAConnectionClosedWithoutAnAnswer() {
            assertFailure(failureOf(Reply.reset()), FailureClass.TRANSIENT, "ConnectionLost");
        }

        @Test
        void shouldRetryAServerThatIsTooSlow() {
            Throwable failure = failureOf(Reply.json("{}").after(Duration.ofSeconds(3)), "timeout.ms", "200");
            assertFailure(failure, FailureClass.TRANSIENT, "Timeout");
        }

        @Test
        void shouldRetryAServerThatRefusesTheConnection() throws Exception {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            HttpTool tool = fixture.tool("down", "http://127.0.0.1:" + closedPort);
            assertFailure(failure(tool.invoke(call("down"))), FailureClass.TRANSIENT, "ConnectFailed");
        }
    }

    @Nested
    class Oversize {
        @Test
        void shouldRefuseABodyLargerThanTheLimitFromItsContentLengthWithoutReadingIt() {
            Throwable failure = failureOf(Reply.oversize(200_000_000L, true), "max.response.bytes", "1024");
            assertFailure(failure, FailureClass.PERMANENT, "ResponseTooLarge");
            assertThat(failure).hasMessageContaining("max.response.bytes=1024").hasMessageContaining("Content-Length 200000000");
        }

        @Test
        void shouldStopReadingAChunkedBodyOnceItPassesTheLimit() {
            // A 200 MB body read whole would take seconds and the memory; the limit stops it after 64 KiB.
            long started = System.nanoTime();
            Throwable failure = failureOf(Reply.oversize(200_000_000L, false), "max.response.bytes", "65536");
            assertFailure(failure, FailureClass.PERMANENT, "ResponseTooLarge");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }

        @Test
        void shouldAcceptABodyAtTheLimit() {
            server.script("/x", Reply.json("{\"a\":\"" + "x".repeat(1000) + "\"}"));
            HttpTool tool = fixture.tool("x", server.baseUrl(), "path", "/x", "max.response.bytes", "1008");
            assertThat(result(tool.invoke(call("x"))).fields()).containsKey("a");
        }
    }

    @Nested
    class Redirects {
        @Test
        void shouldRefuseARedirectByDefault() {
            assertFailure(failureOf(Reply.redirect(302, "/api/companies/other")), FailureClass.PERMANENT, "RedirectRefused");
            assertThat(server.requests("/api/companies/other")).isEmpty();
        }

        @Test
        void shouldFollowASameOriginRedirectWhenConfigured() {
            // given
            server.script("/api/companies/acme", Reply.redirect(301, "/api/companies/acme.example"));
            server.script("/api/companies/acme.example", Reply.json("{\"domain\":\"acme.example\"}"));
            HttpTool tool = fixture.tool("companies", server.baseUrl() + "/api", "path", "/companies/{domain}",
                    "follow.redirects", "true");
            // when / then
            assertThat(result(tool.invoke(call("companies", "domain", "acme"))).fields()).isEqualTo(Map.of("domain", "acme.example"));
        }

        @Test
        void shouldRefuseARedirectToAnotherOriginEvenWhenFollowingRedirects() {
            try (LocalHttpServer other = LocalHttpServer.start()) {
                // given
                other.script("/api/companies/acme", Reply.json("{}"));
                // when
                Throwable failure = failureOf(Reply.redirect(302, other.baseUrl() + "/api/companies/acme?token=x"),
                        "follow.redirects", "true");
                // then
                assertFailure(failure, FailureClass.PERMANENT, "RedirectRefused");
                assertThat(failure).hasMessageContaining(other.baseUrl()).hasMessageNotContaining("token=x");
                assertThat(other.requestCount()).isZero();
            }
        }

        @Test
        void shouldRefuseARedirectOutOfTheBasePath() {
            server.script("/admin", Reply.json("{}"));
            assertFailure(failureOf(Reply.redirect(307, "/admin"), "follow.redirects", "true"), FailureClass.PERMANENT,
                    "RedirectRefused");
            assertThat(server.requests("/admin")).isEmpty();
        }

        @Test
        void shouldStopFollowingALoopOfRedirects() {
            assertFailure(failureOf(Reply.redirect(302, "/api/companies/acme"), "follow.redirects", "true"),
                    FailureClass.PERMANENT, "RedirectRefused");
            assertThat(server.requests("/api/companies/acme")).hasSize(6);
        }

        @Test
        void shouldRepeatAPostWithItsBodyOnA307AndTurnItIntoAGetOnA303() {
            // given
            server.script("/in/a", Reply.redirect(307, "/in/b"));
            server.script("/in/b", Reply.redirect(303, "/in/c"));
            server.script("/in/c", Reply.json("{\"done\":true}"));
            HttpTool tool = fixture.tool("post", server.baseUrl() + "/in", "capability", "send", "path", "/a",
                    "follow.redirects", "true");
            // when
            result(tool.invoke(call("post", "n", 1, "idempotency_key", "k-1")));
            // then
            assertThat(server.requests("/in/b").get(0).method()).isEqualTo("POST");
            assertThat(server.requests("/in/b").get(0).bodyText()).isEqualTo("{\"n\":1}");
            assertThat(server.requests("/in/b").get(0).header("Idempotency-Key")).isEqualTo("k-1");
            assertThat(server.requests("/in/c").get(0).method()).isEqualTo("GET");
            assertThat(server.requests("/in/c").get(0).body()).isEmpty();
        }
    }
}
