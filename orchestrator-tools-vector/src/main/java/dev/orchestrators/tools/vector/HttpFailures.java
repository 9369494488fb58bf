package dev.orchestrators.tools.vector;

import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a failure of the embeddings API means to the caller, from the HTTP client's own signals:
 *
 * <table>
 *   <caption>embeddings API failures</caption>
 *   <tr><th>signal</th><th>class</th><th>type</th></tr>
 *   <tr><td>408</td><td>transient</td><td>{@code Timeout}</td></tr>
 *   <tr><td>425</td><td>transient</td><td>{@code TooEarly}</td></tr>
 *   <tr><td>429</td><td>transient, after {@code Retry-After}</td><td>{@code TooManyRequests}</td></tr>
 *   <tr><td>5xx</td><td>transient, after {@code Retry-After}</td><td>{@code Unavailable}</td></tr>
 *   <tr><td>400, 422</td><td>permanent</td><td>{@code BadRequest}</td></tr>
 *   <tr><td>401</td><td>permanent</td><td>{@code Unauthorized}</td></tr>
 *   <tr><td>403</td><td>permanent</td><td>{@code Forbidden}</td></tr>
 *   <tr><td>404</td><td>permanent</td><td>{@code NotFound}</td></tr>
 *   <tr><td>any other 3xx or 4xx (redirects are not followed)</td><td>permanent</td><td>{@code HttpError}</td></tr>
 *   <tr><td>request or connect time-out ({@link HttpTimeoutException})</td><td>transient</td><td>{@code Timeout}</td></tr>
 *   <tr><td>connection refused ({@link ConnectException})</td><td>transient</td><td>{@code ConnectionRefused}</td></tr>
 *   <tr><td>any other {@link IOException} (reset, closed)</td><td>transient</td><td>{@code ConnectionLost}</td></tr>
 * </table>
 * {@code Retry-After} is read as seconds or as an HTTP date. Stateless.
 */
final class HttpFailures {
    private HttpFailures() {
    }

    /** The failure an answer with {@code status} (not 2xx) means; {@code excerpt} is a short, secret-free part of its body. */
    static OrchestratorException ofStatus(String tool, int status, String retryAfter, String excerpt, Clock clock) {
        String message = "tool '" + tool + "': the embeddings API answered HTTP " + status
                + (excerpt == null || excerpt.isBlank() ? "" : ": " + excerpt);
        Duration delay = retryAfter(retryAfter, clock);
        return switch (status) {
            case 408 -> new TransientException("Timeout", message, null, delay);
            case 425 -> new TransientException("TooEarly", message, null, delay);
            case 429 -> new TransientException("TooManyRequests", message, null, delay);
            case 400, 422 -> new PermanentException("BadRequest", message, null);
            case 401 -> new PermanentException("Unauthorized", message, null);
            case 403 -> new PermanentException("Forbidden", message, null);
            case 404 -> new PermanentException("NotFound", message, null);
            default -> status >= 500 && status <= 599 ? new TransientException("Unavailable", message, null, delay)
                    : new PermanentException("HttpError", message, null);
        };
    }

    /** The failure a client exception means ({@link OrchestratorException}s pass through unchanged). */
    static OrchestratorException ofException(String tool, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof OrchestratorException known) {
            return known;
        }
        String message = "tool '" + tool + "': the embeddings API call failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (cause instanceof HttpTimeoutException) {
            return new TransientException("Timeout", message, cause);
        }
        if (cause instanceof ConnectException) {
            return new TransientException("ConnectionRefused", message, cause);
        }
        if (cause instanceof IOException) {
            return new TransientException("ConnectionLost", message, cause);
        }
        return new TransientException(cause.getClass().getSimpleName(), message, cause);
    }

    /** The delay a {@code Retry-After} value asks for (seconds or an HTTP date), or {@code null} when absent or unreadable. */
    static Duration retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            long seconds = Long.parseLong(text);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT));
                Duration delay = Duration.between(clock.instant(), at.toInstant());
                return delay.isNegative() ? Duration.ZERO : delay;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
