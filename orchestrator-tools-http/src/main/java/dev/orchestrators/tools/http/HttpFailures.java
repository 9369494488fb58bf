package dev.orchestrators.tools.http;

import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.errors.IndeterminateOutcomeException;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Classifies what an http tool's call ended with, from HTTP's own signals:
 *
 * <table>
 *   <caption>status codes and client exceptions, and what they mean to the caller</caption>
 *   <tr><th>signal</th><th>class</th><th>type</th></tr>
 *   <tr><td>408</td><td>transient</td><td>{@code RequestTimeout}</td></tr>
 *   <tr><td>425</td><td>transient</td><td>{@code TooEarly}</td></tr>
 *   <tr><td>429</td><td>transient</td><td>{@code TooManyRequests}</td></tr>
 *   <tr><td>500, and 5xx not named here</td><td>transient</td><td>{@code ServerError}</td></tr>
 *   <tr><td>502</td><td>transient</td><td>{@code BadGateway}</td></tr>
 *   <tr><td>503</td><td>transient</td><td>{@code Unavailable}</td></tr>
 *   <tr><td>504</td><td>transient</td><td>{@code GatewayTimeout}</td></tr>
 *   <tr><td>501</td><td>permanent</td><td>{@code NotImplemented}</td></tr>
 *   <tr><td>505</td><td>permanent</td><td>{@code HttpVersionNotSupported}</td></tr>
 *   <tr><td>413 with {@code Retry-After}</td><td>transient</td><td>{@code PayloadTooLarge}</td></tr>
 *   <tr><td>413 without {@code Retry-After}</td><td>permanent</td><td>{@code PayloadTooLarge}</td></tr>
 *   <tr><td>409 to a request that carried an idempotency key</td><td>transient</td><td>{@code IdempotencyKeyInUse}
 *       (the IETF Idempotency-Key draft: the first request with that key is still being processed)</td></tr>
 *   <tr><td>409 otherwise</td><td>permanent</td><td>{@code Conflict}</td></tr>
 *   <tr><td>400, 401, 403, 404, 410, 422</td><td>permanent</td><td>{@code BadRequest}, {@code Unauthorized},
 *       {@code Forbidden}, {@code NotFound}, {@code Gone}, {@code UnprocessableEntity}</td></tr>
 *   <tr><td>other 4xx</td><td>permanent</td><td>{@code ClientError}</td></tr>
 *   <tr><td>3xx not followed</td><td>permanent</td><td>{@code RedirectRefused}</td></tr>
 *   <tr><td>{@link HttpConnectTimeoutException}</td><td>transient</td><td>{@code ConnectTimeout}</td></tr>
 *   <tr><td>{@link ConnectException} (refused, unreachable, unknown host)</td><td>transient</td><td>{@code ConnectFailed}</td></tr>
 *   <tr><td>{@link HttpTimeoutException}, or the call's own deadline</td><td>transient (*)</td><td>{@code Timeout}</td></tr>
 *   <tr><td>{@link SSLHandshakeException} caused by a certificate</td><td>permanent</td><td>{@code TlsRefused}</td></tr>
 *   <tr><td>any other {@link IOException} (reset, closed without an answer)</td><td>transient (*)</td><td>{@code ConnectionLost}</td></tr>
 *   <tr><td>{@link CancellationException}</td><td>transient</td><td>{@code Cancelled}</td></tr>
 *   <tr><td>{@link IllegalArgumentException} from the client</td><td>permanent</td><td>{@code RequestRefused}</td></tr>
 *   <tr><td>anything else</td><td>transient</td><td>{@code HttpClientFailure}</td></tr>
 * </table>
 *
 * <p>A transient status honours {@code Retry-After} (seconds or an HTTP date, see {@link RetryAfter}), carried as the
 * failure's {@link TransientException#retryAfter()}. (*) A WRITE or SEND call always carries its idempotency key, so
 * a time-out or a lost connection after the request may have been sent is retried safely: the server de-duplicates
 * the repeat. Only with {@code indeterminate.on.timeout=true} (a server that does not honour the key) is it an
 * {@link IndeterminateOutcomeException}, which is not retried. A connect failure never reached the server and is
 * always transient.
 *
 * <p>Messages name the status, the method and the path template (never the filled path, a query value, a header
 * or a secret), and an excerpt of a textual error body that the caller made safe ({@link #excerpt}). Thread-safe.
 */
final class HttpFailures {
    private final Clock clock;
    private final Duration maxRetryAfter;

    HttpFailures(Clock clock, Duration maxRetryAfter) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    }

    /** The failure a non-2xx answer {@code status} with {@code headers} means; {@code excerpt} is safe to show. */
    OrchestratorException ofStatus(Target target, int status, HttpHeaders headers, String excerpt) {
        Optional<Duration> retryAfter = RetryAfter.parse(headers.firstValue("Retry-After").orElse(null), clock.instant(),
                maxRetryAfter);
        String message = target.describe() + " answered " + status
                + retryAfter.map(d -> " (Retry-After " + d.toMillis() + " ms)").orElse("")
                + (excerpt.isEmpty() ? "" : ": " + excerpt);
        return switch (status) {
            case 408 -> retryable("RequestTimeout", message, retryAfter);
            case 425 -> retryable("TooEarly", message, retryAfter);
            case 429 -> retryable("TooManyRequests", message, retryAfter);
            case 500 -> retryable("ServerError", message, retryAfter);
            case 502 -> retryable("BadGateway", message, retryAfter);
            case 503 -> retryable("Unavailable", message, retryAfter);
            case 504 -> retryable("GatewayTimeout", message, retryAfter);
            case 501 -> new PermanentException("NotImplemented", message, null);
            case 505 -> new PermanentException("HttpVersionNotSupported", message, null);
            case 413 -> retryAfter.isPresent() ? retryable("PayloadTooLarge", message, retryAfter)
                    : new PermanentException("PayloadTooLarge", message, null);
            case 409 -> target.sideEffect() ? retryable("IdempotencyKeyInUse", message
                    + " (a request with the same idempotency key is still being processed)", retryAfter)
                    : new PermanentException("Conflict", message, null);
            case 400 -> new PermanentException("BadRequest", message, null);
            case 401 -> new PermanentException("Unauthorized", message, null);
            case 403 -> new PermanentException("Forbidden", message, null);
            case 404 -> new PermanentException("NotFound", message, null);
            case 410 -> new PermanentException("Gone", message, null);
            case 422 -> new PermanentException("UnprocessableEntity", message, null);
            default -> otherStatus(status, message, retryAfter);
        };
    }

    private static OrchestratorException otherStatus(int status, String message, Optional<Duration> retryAfter) {
        if (status >= 500 && status <= 599) {
            return retryable("ServerError", message, retryAfter);
        }
        if (status >= 300 && status <= 399) {
            return new PermanentException("RedirectRefused", message + " (redirects are not followed: follow.redirects=false)", null);
        }
        return new PermanentException(status >= 400 && status <= 499 ? "ClientError" : "UnexpectedStatus", message, null);
    }

    /** The failure a call that ended with {@code failure} (a client exception, not an answer) means. */
    OrchestratorException ofException(Target target, Throwable failure) {
        Throwable cause = FailureClassifier.unwrap(failure);
        if (cause instanceof OrchestratorException known) {
            return known;
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new TransientException("ConnectTimeout", target.describe() + " could not connect within connect.timeout.ms", cause);
        }
        if (cause instanceof ConnectException) {
            return new TransientException("ConnectFailed", target.describe() + " could not connect" + summary(cause), cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return afterSend(target, "Timeout", "got no answer within timeout.ms", cause);
        }
        if (cause instanceof SSLHandshakeException && causedBy(cause, CertificateException.class)) {
            return new PermanentException("TlsRefused", target.describe() + " refused the server's certificate" + summary(cause), cause);
        }
        if (cause instanceof IOException) {
            return afterSend(target, "ConnectionLost", "lost the connection before an answer" + summary(cause), cause);
        }
        if (cause instanceof CancellationException) {
            return new TransientException("Cancelled", target.describe() + " was cancelled", cause);
        }
        if (cause instanceof IllegalArgumentException) {
            return new PermanentException("RequestRefused", target.describe() + " was refused by the HTTP client", null);
        }
        return new TransientException("HttpClientFailure", target.describe() + " failed" + summary(cause), cause);
    }

    /** The call's own deadline ({@code timeout.ms}, body included) passed before it completed. */
    OrchestratorException timedOut(Target target, Duration timeout) {
        return afterSend(target, "Timeout", "did not complete within timeout.ms=" + timeout.toMillis(), null);
    }

    private static OrchestratorException afterSend(Target target, String type, String what, Throwable cause) {
        if (target.sideEffect() && target.indeterminateOnTimeout()) {
            return new IndeterminateOutcomeException(target.describe() + " " + what + "; the request may have reached the "
                    + "server, which does not honour the idempotency key (indeterminate.on.timeout=true), so it is "
                    + "not retried: check the remote system", target.idempotencyKey(), cause);
        }
        return new TransientException(type, target.describe() + " " + what, cause);
    }

    private static TransientException retryable(String type, String message, Optional<Duration> retryAfter) {
        return new TransientException(type, message, null, retryAfter.orElse(null));
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String summary(Throwable cause) {
        String text = cause.getMessage() == null ? "" : ": " + oneLine(cause.getMessage(), 120);
        return " (" + cause.getClass().getSimpleName() + text + ")";
    }

    /**
     * A short excerpt of an error body for a failure message: only a textual body (JSON, text, XML or no content
     * type), on one line, at most {@code maxChars} characters, with every occurrence of {@code secrets} masked (a
     * server that echoes a credential back must not put it in a message); {@code ""} otherwise.
     */
    static String excerpt(byte[] body, String contentType, int maxChars, Collection<String> secrets) {
        if (body.length == 0 || maxChars <= 0 || !textual(contentType)) {
            return "";
        }
        // The whole (already capped) body is masked before it is cut, so no part of a secret survives the cut.
        String text = new String(body, StandardCharsets.UTF_8);
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                text = text.replace(secret, "***");
            }
        }
        return oneLine(text, maxChars);
    }

    private static boolean textual(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml");
    }

    private static String oneLine(String text, int maxChars) {
        String flat = text.replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
        return flat.length() <= maxChars ? flat : flat.substring(0, maxChars) + "...";
    }
}
