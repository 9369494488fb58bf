package dev.orchestrators.tools.http;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The delay an HTTP {@code Retry-After} header asks for (RFC 9110, section 10.2.3): delta-seconds ({@code 120}) or
 * an HTTP date, in the preferred IMF-fixdate form ({@code Sun, 06 Nov 1994 08:49:37 GMT}) or the two obsolete
 * forms a recipient must still accept (RFC 850 {@code Sunday, 06-Nov-94 08:49:37 GMT} and asctime
 * {@code Sun Nov  6 08:49:37 1994}). A date in the past asks for no delay; every delay is clamped to
 * {@code [0, max]}, so a server cannot park a run for a day. Anything else is not a delay (empty). Stateless.
 */
final class RetryAfter {
    /** The three date forms, each without its leading day name (not checked against the date: it adds nothing). */
    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss 'GMT'", Locale.US),
            DateTimeFormatter.ofPattern("dd-MMM-yy HH:mm:ss 'GMT'", Locale.US),
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy", Locale.US));
    private static final int MAX_LENGTH = 64;

    private RetryAfter() {
    }

    /**
     * The delay {@code value} asks for at {@code now}, clamped to {@code [0, max]}; empty when {@code value} is
     * absent or neither delta-seconds nor an HTTP date.
     */
    static Optional<Duration> parse(String value, Instant now, Duration max) {
        if (value == null || value.isBlank() || value.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String text = value.trim();
        if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // More digits than a long holds is still "a very long time": the clamp applies.
            Duration asked = text.length() > 12 ? max : Duration.ofSeconds(Long.parseLong(text));
            return Optional.of(clamp(asked, max));
        }
        return date(text, now).map(at -> clamp(Duration.between(now, at), max));
    }

    private static Optional<Instant> date(String text, Instant now) {
        int dayName = text.indexOf(',') > 0 ? text.indexOf(',') + 1 : text.indexOf(' ');
        if (dayName <= 0) {
            return Optional.empty();
        }
        String date = text.substring(dayName).trim();
        for (int i = 0; i < DATES.size(); i++) {
            try {
                LocalDateTime at = LocalDateTime.parse(date, DATES.get(i));
                if (i == 1 && at.toInstant(ZoneOffset.UTC).isAfter(now.plus(Duration.ofDays(365L * 50)))) {
                    at = at.minusYears(100); // RFC 9110: a two-digit year more than 50 years ahead is in the past century
                }
                return Optional.of(at.toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException ignored) {
                // try the next form
            }
        }
        return Optional.empty();
    }

    private static Duration clamp(Duration asked, Duration max) {
        if (asked.isNegative()) {
            return Duration.ZERO;
        }
        return asked.compareTo(max) > 0 ? max : asked;
    }
}
