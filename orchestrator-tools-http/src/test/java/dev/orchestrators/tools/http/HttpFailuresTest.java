package dev.orchestrators.tools.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.IndeterminateOutcomeException;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.TransientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per row of the table in {@link HttpFailures}. */
class HttpFailuresTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private final HttpFailures failures = new HttpFailures(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1));
    private final Target read = new Target("api", "GET", "/companies/{domain}", null, false);
    private final Target write = new Target("api", "POST", "/deliveries", "run-1:delivery:lead-1", false);
    private final Target writeWithoutDedupe = new Target("api", "POST", "/deliveries", "run-1:delivery:lead-1", true);

    private static HttpHeaders headers(String... nameValues) {
        Map<String, List<String>> map = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put(nameValues[i], List.of(nameValues[i + 1]));
        }
        return HttpHeaders.of(map, (a, b) -> true);
    }

    private OrchestratorException status(int status) {
        return failures.ofStatus(read, status, headers(), "");
    }

    private static void assertFailure(OrchestratorException failure, FailureClass expectedClass, String expectedType) {
        assertThat(failure.failureClass()).isEqualTo(expectedClass);
        assertThat(failure.type()).isEqualTo(expectedType);
    }

    @Nested
    class Statuses {
        @Test
        void shouldRetryA408RequestTimeout() {
            assertFailure(status(408), FailureClass.TRANSIENT, "RequestTimeout");
        }

        @Test
        void shouldRetryA425TooEarly() {
            assertFailure(status(425), FailureClass.TRANSIENT, "TooEarly");
        }

        @Test
        void shouldRetryA429TooManyRequests() {
            assertFailure(status(429), FailureClass.TRANSIENT, "TooManyRequests");
        }

        @Test
        void shouldRetryA500ServerError() {
            assertFailure(status(500), FailureClass.TRANSIENT, "ServerError");
        }

        @Test
        void shouldRetryA5xxNotNamedInTheTableAsAServerError() {
            assertFailure(status(507), FailureClass.TRANSIENT, "ServerError");
        }

        @Test
        void shouldRetryA502BadGateway() {
            assertFailure(status(502), FailureClass.TRANSIENT, "BadGateway");
        }

        @Test
        void shouldRetryA503Unavailable() {
            assertFailure(status(503), FailureClass.TRANSIENT, "Unavailable");
        }

        @Test
        void shouldRetryA504GatewayTimeout() {
            assertFailure(status(504), FailureClass.TRANSIENT, "GatewayTimeout");
        }

        @Test
        void shouldNotRetryA501NotImplemented() {
            assertFailure(status(501), FailureClass.PERMANENT, "NotImplemented");
        }

        @Test
        void shouldNotRetryA505HttpVersionNotSupported() {
            assertFailure(status(505), FailureClass.PERMANENT, "HttpVersionNotSupported");
        }

        @Test
        void shouldRetryA413WithRetryAfterAfterTheDelayItAskedFor() {
            OrchestratorException failure = failures.ofStatus(read, 413, headers("Retry-After", "30"), "");
            assertFailure(failure, FailureClass.TRANSIENT, "PayloadTooLarge");
            assertThat(((TransientException) failure).retryAfter()).hasValue(Duration.ofSeconds(30));
        }

        @Test
        void shouldNotRetryA413WithoutRetryAfter() {
            assertFailure(status(413), FailureClass.PERMANENT, "PayloadTooLarge");
        }

        @Test
        void shouldRetryA409ToARequestThatCarriedAnIdempotencyKey() {
            assertFailure(failures.ofStatus(write, 409, headers(), ""), FailureClass.TRANSIENT, "IdempotencyKeyInUse");
        }

        @Test
        void shouldNotRetryA409Conflict() {
            assertFailure(status(409), FailureClass.PERMANENT, "Conflict");
        }

        @Test
        void shouldNotRetryA400BadRequest() {
            assertFailure(status(400), FailureClass.PERMANENT, "BadRequest");
        }

        @Test
        void shouldNotRetryA401Unauthorized() {
            assertFailure(status(401), FailureClass.PERMANENT, "Unauthorized");
        }

        @Test
        void shouldNotRetryA403Forbidden() {
            assertFailure(status(403), FailureClass.PERMANENT, "Forbidden");
        }

        @Test
        void shouldNotRetryA404NotFound() {
            assertFailure(status(404), FailureClass.PERMANENT, "NotFound");
        }

        @Test
        void shouldNotRetryA410Gone() {
            assertFailure(status(410), FailureClass.PERMANENT, "Gone");
        }

        @Test
        void shouldNotRetryA422UnprocessableEntity() {
            assertFailure(status(422), FailureClass.PERMANENT, "UnprocessableEntity");
        }

        @Test
        void shouldNotRetryAnother4xx() {
            assertFailure(status(418), FailureClass.PERMANENT, "ClientError");
        }

        @Test
        void shouldRefuseA3xxThatIsNotFollowed() {
            assertFailure(status(302), FailureClass.PERMANENT, "RedirectRefused");
        }
    }

    @Nested
    class Exceptions {
        @Test
        void shouldRetryAConnectTimeout() {
            assertFailure(failures.ofException(write, new HttpConnectTimeoutException("HTTP connect timed out")),
                    FailureClass.TRANSIENT, "ConnectTimeout");
        }

        @Test
        void shouldRetryARefusedConnectionEvenForAWriteOnAServerWithoutDedupe() {
            assertFailure(failures.ofException(writeWithoutDedupe, new CompletionException(new ConnectException())),
                    FailureClass.TRANSIENT, "ConnectFailed");
        }

        @Test
        void shouldRetryARequestTimeout() {
            assertFailure(failures.ofException(read, new HttpTimeoutException("request timed out")),
                    FailureClass.TRANSIENT, "Timeout");
        }

        @Test
        void shouldRetryATimedOutWriteBecauseItsIdempotencyKeyMakesTheRepeatSafe() {
            assertFailure(failures.ofException(write, new HttpTimeoutException("request timed out")),
                    FailureClass.TRANSIENT, "Timeout");
        }

        @Test
        void shouldCallATimedOutWriteIndeterminateWhenTheServerDoesNotHonourTheKey() {
            OrchestratorException failure = failures.ofException(writeWithoutDedupe, new HttpTimeoutException("request timed out"));
            assertThat(failure).isInstanceOf(IndeterminateOutcomeException.class);
            assertThat(((IndeterminateOutcomeException) failure).idempotencyKey()).isEqualTo("run-1:delivery:lead-1");
        }

        @Test
        void shouldCallTheDeadlineOfAWriteIndeterminateWhenTheServerDoesNotHonourTheKey() {
            assertThat(failures.timedOut(writeWithoutDedupe, Duration.ofSeconds(1))).isInstanceOf(IndeterminateOutcomeException.class);
        }

        @Test
        void shouldRetryAPassedDeadline() {
            assertFailure(failures.timedOut(read, Duration.ofSeconds(1)), FailureClass.TRANSIENT, "Timeout");
        }

        @Test
        void shouldNotRetryARefusedCertificate() {
            SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
            handshake.initCause(new CertificateException("unable to find valid certification path"));
            assertFailure(failures.ofException(read, handshake), FailureClass.PERMANENT, "TlsRefused");
        }

        @Test
        void shouldRetryALostConnection() {
            assertFailure(failures.ofException(read, new IOException("HTTP/1.1 header parser received no bytes")),
                    FailureClass.TRANSIENT, "ConnectionLost");
        }

        @Test
        void shouldCallALostConnectionOfAWriteIndeterminateWhenTheServerDoesNotHonourTheKey() {
            assertThat(failures.ofException(writeWithoutDedupe, new IOException("connection reset")))
                    .isInstanceOf(IndeterminateOutcomeException.class);
        }

        @Test
        void shouldRetryACancelledCall() {
            assertFailure(failures.ofException(read, new CancellationException()), FailureClass.TRANSIENT, "Cancelled");
        }

        @Test
        void shouldNotRetryARequestTheClientRefused() {
            assertFailure(failures.ofException(read, new IllegalArgumentException("invalid header")),
                    FailureClass.PERMANENT, "RequestRefused");
        }

        @Test
        void shouldRetryAnUnknownClientFailure() {
            assertFailure(failures.ofException(read, new IllegalStateException("selector closed")),
                    FailureClass.TRANSIENT, "HttpClientFailure");
        }
    }

    @Nested
    class RetryAfterHeader {
        @Test
        void shouldCarryRetryAfterInSecondsOnA429() {
            TransientException failure = (TransientException) failures.ofStatus(read, 429, headers("Retry-After", "2"), "");
            assertThat(failure.retryAfter()).hasValue(Duration.ofSeconds(2));
        }

        @Test
        void shouldCarryRetryAfterAsAnHttpDateOnA503() {
            TransientException failure = (TransientException) failures.ofStatus(read, 503,
                    headers("Retry-After", "Mon, 07 Dec 2026 10:00:45 GMT"), "");
            assertThat(failure.retryAfter()).hasValue(Duration.ofSeconds(45));
        }

        @Test
        void shouldLeaveTheDelayToThePolicyWithoutRetryAfter() {
            assertThat(((TransientException) status(503)).retryAfter()).isEmpty();
        }
    }

    @Nested
    class Messages {
        @Test
        void shouldNameStatusMethodAndPathTemplateAndQuoteAnExcerpt() {
            OrchestratorException failure = failures.ofStatus(read, 404, headers(), "{\"error\":\"no such company\"}");
            assertThat(failure.getMessage()).isEqualTo("tool 'api': GET /companies/{domain} answered 404: {\"error\":\"no such company\"}");
        }

        @Test
        void shouldQuoteOnlyAShortOneLineExcerptOfATextualBody() {
            String excerpt = HttpFailures.excerpt(("line one\r\nInjected: yes\n" + "x".repeat(500)).getBytes(),
                    "text/plain", 40, List.of());
            assertThat(excerpt).isEqualTo("line one Injected: yes xxxxxxxxxxxxxxxxx...");
        }

        @Test
        void shouldNotQuoteABinaryBody() {
            assertThat(HttpFailures.excerpt(new byte[]{1, 2, 3}, "application/octet-stream", 200, List.of())).isEmpty();
        }

        @Test
        void shouldMaskASecretTheServerEchoedBack() {
            assertThat(HttpFailures.excerpt("{\"error\":\"bad token s3cr3t-token\"}".getBytes(), "application/json", 200,
                    List.of("s3cr3t-token"))).isEqualTo("{\"error\":\"bad token ***\"}");
        }
    }
}
