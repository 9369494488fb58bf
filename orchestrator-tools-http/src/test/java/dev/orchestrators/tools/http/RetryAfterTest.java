package dev.orchestrators.tools.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("1994-11-06T08:49:00Z");
    private static final Duration MAX = Duration.ofHours(1);

    @Test
    void shouldReadDeltaSeconds() {
        assertThat(RetryAfter.parse("120", NOW, MAX)).hasValue(Duration.ofSeconds(120));
    }

    @Test
    void shouldReadAnImfFixdate() {
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW, MAX)).hasValue(Duration.ofSeconds(37));
    }

    @Test
    void shouldReadTheObsoleteRfc850Date() {
        assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW, MAX)).hasValue(Duration.ofSeconds(37));
    }

    @Test
    void shouldReadTheObsoleteAsctimeDate() {
        assertThat(RetryAfter.parse("Sun Nov  6 08:49:37 1994", NOW, MAX)).hasValue(Duration.ofSeconds(37));
    }

    @Test
    void shouldAskForNoDelayForADateInThePast() {
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", NOW, MAX)).hasValue(Duration.ZERO);
    }

    @Test
    void shouldClampALongDelayToTheMaximum() {
        assertThat(RetryAfter.parse("86400", NOW, MAX)).hasValue(MAX);
        assertThat(RetryAfter.parse("99999999999999999999999", NOW, MAX)).hasValue(MAX);
        assertThat(RetryAfter.parse("Mon, 07 Nov 1994 08:49:00 GMT", NOW, MAX)).hasValue(MAX);
    }

    @Test
    void shouldIgnoreWhatIsNeitherSecondsNorADate() {
        assertThat(RetryAfter.parse("soon", NOW, MAX)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW, MAX)).isEmpty();
        assertThat(RetryAfter.parse("1.5", NOW, MAX)).isEmpty();
        assertThat(RetryAfter.parse("", NOW, MAX)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW, MAX)).isEmpty();
        assertThat(RetryAfter.parse("9".repeat(100), NOW, MAX)).isEmpty();
    }
}
