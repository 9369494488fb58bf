package dev.orchestrators.tools.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Each row of the embeddings API's failure table, one claim per test. */
class HttpFailuresTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    private static OrchestratorException status(int code) {
        return HttpFailures.ofStatus("vectors", code, null, "", CLOCK);
    }

    private static void assertClass(OrchestratorException e, FailureClass expected, String type) {
        assertThat(e.failureClass()).isEqualTo(expected);
        assertThat(e.type()).isEqualTo(type);
    }

    @Test
    void aRequestTimeoutIsTransient() {
        assertClass(status(408), FailureClass.TRANSIENT, "Timeout");
    }

    @Test
    void tooEarlyIsTransient() {
        assertClass(status(425), FailureClass.TRANSIENT, "TooEarly");
    }

    @Test
    void tooManyRequestsIsTransient() {
        assertClass(status(429), FailureClass.TRANSIENT, "TooManyRequests");
    }

    @Test
    void everyServerErrorIsTransient() {
        for (int code : new int[]{500, 502, 503, 504, 599}) {
            assertClass(status(code), FailureClass.TRANSIENT, "Unavailable");
        }
    }

    @Test
    void aBadRequestOrUnprocessableInputIsPermanent() {
        assertClass(status(400), FailureClass.PERMANENT, "BadRequest");
        assertClass(status(422), FailureClass.PERMANENT, "BadRequest");
    }

    @Test
    void aRejectedTokenIsPermanent() {
        assertClass(status(401), FailureClass.PERMANENT, "Unauthorized");
    }

    @Test
    void aForbiddenCallIsPermanent() {
        assertClass(status(403), FailureClass.PERMANENT, "Forbidden");
    }

    @Test
    void aWrongUrlIsPermanent() {
        assertClass(status(404), FailureClass.PERMANENT, "NotFound");
    }

    @Test
    void anyOtherClientErrorOrARedirectIsPermanent() {
        assertClass(status(413), FailureClass.PERMANENT, "HttpError");
        assertClass(status(302), FailureClass.PERMANENT, "HttpError");
    }

    @Test
    void aClientTimeoutIsTransient() {
        assertClass(HttpFailures.ofException("vectors", new HttpTimeoutException("request timed out")), FailureClass.TRANSIENT, "Timeout");
        assertClass(HttpFailures.ofException("vectors", new HttpConnectTimeoutException("connect timed out")), FailureClass.TRANSIENT,
                "Timeout");
    }

    @Test
    void aRefusedConnectionIsTransient() {
        assertClass(HttpFailures.ofException("vectors", new CompletionException(new ConnectException("refused"))),
                FailureClass.TRANSIENT, "ConnectionRefused");
    }

    @Test
    void anyOtherIoFailureIsTransient() {
        assertClass(HttpFailures.ofException("vectors", new IOException("connection reset")), FailureClass.TRANSIENT, "ConnectionLost");
    }

    @Test
    void anOrchestratorFailurePassesThroughUnchanged() {
        PermanentException tooLarge = new PermanentException("ResponseTooLarge", "too large", null);

        assertThat(HttpFailures.ofException("vectors", new CompletionException(tooLarge))).isSameAs(tooLarge);
    }

    @Test
    void retryAfterIsReadAsSeconds() {
        assertThat(((TransientException) HttpFailures.ofStatus("vectors", 429, " 12 ", "", CLOCK)).retryAfter())
                .contains(Duration.ofSeconds(12));
    }

    @Test
    void retryAfterIsReadAsAnHttpDate() {
        assertThat(HttpFailures.retryAfter("Mon, 07 Dec 2026 10:02:00 GMT", CLOCK)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aRetryAfterDateInThePastMeansNow() {
        assertThat(HttpFailures.retryAfter("Mon, 07 Dec 2026 09:00:00 GMT", CLOCK)).isEqualTo(Duration.ZERO);
    }

    @Test
    void anUnreadableOrNegativeRetryAfterLeavesTheDelayToThePolicy() {
        assertThat(HttpFailures.retryAfter("soon", CLOCK)).isNull();
        assertThat(HttpFailures.retryAfter("-5", CLOCK)).isNull();
        assertThat(HttpFailures.retryAfter(null, CLOCK)).isNull();
        assertThat(((TransientException) HttpFailures.ofStatus("vectors", 503, "soon", "", CLOCK)).retryAfter()).isEmpty();
    }
}
