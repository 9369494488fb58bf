package dev.orchestrators.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Validation, exponential back-off, the cap and jitter. */
class RetryPolicyTest {

    @Test
    void shouldDefaultToThreeAttemptsFrom100MsDoublingUpToTwoSecondsWithTwentyPercentJitter() {
        // when
        RetryPolicy policy = RetryPolicy.ofDefaults();

        // then
        assertThat(policy).isEqualTo(new RetryPolicy(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(2), 0.2));
        assertThat(RetryPolicy.newBuilder().build()).isEqualTo(policy);
    }

    @Test
    void shouldRejectFewerThanOneAttemptNamingTheField() {
        assertThatThrownBy(() -> RetryPolicy.newBuilder().maxAttempts(0).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("retry maxAttempts must be >= 1, was 0");
    }

    @Test
    void shouldRejectANegativeInitialDelayNamingTheField() {
        assertThatThrownBy(() -> RetryPolicy.newBuilder().initialDelay(Duration.ofMillis(-1)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("retry initialDelay must be >= 0");
    }

    @Test
    void shouldRejectAMaxDelayBelowTheInitialDelayNamingBothFields() {
        assertThatThrownBy(() -> RetryPolicy.newBuilder().initialDelay(Duration.ofSeconds(3)).maxDelay(Duration.ofSeconds(1)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("retry maxDelay (PT1S) must be >= initialDelay (PT3S)");
    }

    @Test
    void shouldRejectAShrinkingMultiplierNamingTheField() {
        assertThatThrownBy(() -> RetryPolicy.newBuilder().multiplier(0.5).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("retry multiplier must be >= 1.0, was 0.5");
    }

    @Test
    void shouldRejectJitterOutsideZeroToOneNamingTheField() {
        assertThatThrownBy(() -> RetryPolicy.newBuilder().jitter(1.0).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("retry jitter must be in [0, 1), was 1.0");
        assertThatThrownBy(() -> RetryPolicy.newBuilder().jitter(-0.1).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("jitter");
    }

    @Test
    void shouldRejectMissingDelaysNamingTheField() {
        assertThatThrownBy(() -> RetryPolicy.newBuilder().initialDelay(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("initialDelay");
        assertThatThrownBy(() -> RetryPolicy.newBuilder().maxDelay(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("maxDelay");
    }

    @Test
    void shouldRejectANotANumberMultiplier() {
        assertThatThrownBy(() -> RetryPolicy.newBuilder().multiplier(Double.NaN).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("multiplier");
    }

    @Test
    void shouldRejectANotANumberJitter() {
        assertThatThrownBy(() -> RetryPolicy.newBuilder().jitter(Double.NaN).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("jitter");
    }

    @Test
    void shouldKeepTheOtherValuesWhenBuiltFromABase() {
        // given
        RetryPolicy base = RetryPolicy.newBuilder().maxAttempts(5).jitter(0.0).build();

        // when
        RetryPolicy derived = RetryPolicy.from(base).initialDelay(Duration.ofMillis(50)).build();

        // then
        assertThat(derived).isEqualTo(new RetryPolicy(5, Duration.ofMillis(50), 2.0, Duration.ofSeconds(2), 0.0));
    }

    @Test
    void shouldGrowTheBaseDelayExponentiallyUntilTheCap() {
        // given
        RetryPolicy policy = RetryPolicy.ofDefaults();

        // then
        assertThat(policy.baseDelayBefore(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.baseDelayBefore(3)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.baseDelayBefore(4)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.baseDelayBefore(5)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.baseDelayBefore(6)).isEqualTo(Duration.ofMillis(1600));
        assertThat(policy.baseDelayBefore(7)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.baseDelayBefore(1_000)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldRejectABaseDelayBeforeTheFirstRetry() {
        assertThatThrownBy(() -> RetryPolicy.ofDefaults().baseDelayBefore(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the first retry is attempt 2, was 1");
    }

    @Test
    void shouldKeepJitteredDelaysWithinPlusOrMinusJitterOfTheBase() {
        // given
        RetryPolicy policy = RetryPolicy.ofDefaults();
        Random random = new Random(42);

        for (int i = 0; i < 1_000; i++) {
            // when
            Duration delay = policy.delayBefore(3, random::nextDouble);

            // then 200 ms ±20%
            assertThat(delay).isBetween(Duration.ofMillis(160), Duration.ofMillis(240));
        }
    }

    @Test
    void shouldMapTheRandomDrawOntoTheJitterRange() {
        // given
        RetryPolicy policy = RetryPolicy.ofDefaults();

        // then
        assertThat(policy.delayBefore(2, () -> 0.0)).isEqualTo(Duration.ofMillis(80));
        assertThat(policy.delayBefore(2, () -> 0.5)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayBefore(2, () -> 0.75)).isEqualTo(Duration.ofMillis(110));
    }

    @Test
    void shouldNeverJitterAboveTheMaxDelay() {
        // given a base delay that is already capped
        RetryPolicy policy = RetryPolicy.ofDefaults();

        // then
        assertThat(policy.delayBefore(7, () -> 0.99)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayBefore(7, () -> 0.0)).isEqualTo(Duration.ofMillis(1600));
    }

    @Test
    void shouldNotJitterWhenJitterIsZero() {
        RetryPolicy policy = RetryPolicy.newBuilder().jitter(0.0).build();

        assertThat(policy.delayBefore(3, () -> 0.0)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void shouldAllowAnotherAttemptOnlyWhileAttemptsRemain() {
        RetryPolicy policy = RetryPolicy.ofDefaults();

        assertThat(policy.allowsAnotherAttempt(2)).isTrue();
        assertThat(policy.allowsAnotherAttempt(3)).isFalse();
        assertThat(RetryPolicy.noRetries().allowsAnotherAttempt(1)).isFalse();
    }
}
