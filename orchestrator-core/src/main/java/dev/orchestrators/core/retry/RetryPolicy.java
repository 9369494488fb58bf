package dev.orchestrators.core.retry;

import dev.orchestrators.core.errors.ConfigurationException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * How often and how patiently a transient tool failure is retried: at most {@code maxAttempts} attempts
 * in all, waiting {@code initialDelay * multiplier^(n-1)} before retry {@code n}, capped at
 * {@code maxDelay}, each wait randomised by {@code ±jitter} (0.2 = ±20%) so that many runs failing
 * together do not retry in lock-step. Permanent failures are never retried.
 *
 * <p>Immutable. Build with {@link #newBuilder()}, {@link #from(RetryPolicy)} or {@link #ofDefaults()};
 * the builder rejects bad values immediately with a message naming the field.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.newBuilder()
 *     .maxAttempts(5).initialDelay(Duration.ofMillis(100)).multiplier(2).maxDelay(Duration.ofSeconds(5))
 *     .build();
 * }</pre>
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter) {

    /** 3 attempts, 100 ms, x2, at most 2 s, ±20%. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(2), 0.2);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new ConfigurationException("retry maxAttempts must be >= 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative()) {
            throw new ConfigurationException("retry initialDelay must be >= 0, was " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new ConfigurationException("retry maxDelay (" + maxDelay + ") must be >= initialDelay (" + initialDelay + ")");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new ConfigurationException("retry multiplier must be >= 1.0, was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new ConfigurationException("retry jitter must be in [0, 1), was " + jitter);
        }
    }

    public static RetryPolicy ofDefaults() {
        return DEFAULT;
    }

    /** No retries: the first failure is final. */
    public static RetryPolicy noRetries() {
        return new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, 0.0);
    }

    public static Builder newBuilder() {
        return new Builder(DEFAULT);
    }

    public static Builder from(RetryPolicy base) {
        return new Builder(base);
    }

    /** Whether another attempt is allowed after {@code attemptsMade} attempts. */
    public boolean allowsAnotherAttempt(int attemptsMade) {
        return attemptsMade < maxAttempts;
    }

    /**
     * The wait before attempt {@code nextAttempt} (2 for the first retry), before jitter.
     *
     * @throws IllegalArgumentException if {@code nextAttempt < 2}
     */
    public Duration baseDelayBefore(int nextAttempt) {
        if (nextAttempt < 2) {
            throw new IllegalArgumentException("the first retry is attempt 2, was " + nextAttempt);
        }
        double millis = initialDelay.toMillis() * Math.pow(multiplier, nextAttempt - 2);
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }

    /** The wait before attempt {@code nextAttempt}, with jitter drawn from {@code random} (values in [0, 1)). */
    public Duration delayBefore(int nextAttempt, DoubleSupplier random) {
        Duration base = baseDelayBefore(nextAttempt);
        if (jitter == 0.0 || base.isZero()) {
            return base;
        }
        double factor = 1.0 + jitter * (2.0 * random.getAsDouble() - 1.0);
        long millis = Math.min(maxDelay.toMillis(), Math.round(base.toMillis() * factor));
        return Duration.ofMillis(Math.max(0, millis));
    }

    /** Builder; every setter validates when {@link #build()} runs. */
    public static final class Builder {
        private int maxAttempts;
        private Duration initialDelay;
        private double multiplier;
        private Duration maxDelay;
        private double jitter;

        private Builder(RetryPolicy base) {
            this.maxAttempts = base.maxAttempts;
            this.initialDelay = base.initialDelay;
            this.multiplier = base.multiplier;
            this.maxDelay = base.maxDelay;
            this.jitter = base.jitter;
        }

        public Builder maxAttempts(int value) {
            this.maxAttempts = value;
            return this;
        }

        public Builder initialDelay(Duration value) {
            this.initialDelay = value;
            return this;
        }

        public Builder multiplier(double value) {
            this.multiplier = value;
            return this;
        }

        public Builder maxDelay(Duration value) {
            this.maxDelay = value;
            return this;
        }

        public Builder jitter(double value) {
            this.jitter = value;
            return this;
        }

        /** @throws ConfigurationException naming the field when a value is out of range */
        public RetryPolicy build() {
            return new RetryPolicy(maxAttempts, initialDelay, multiplier, maxDelay, jitter);
        }
    }
}
