package dev.orchestrators.streams.internals.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.time.ManualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** A worker starting up waits for a cluster it cannot reach yet, on the runtime's clock, and not for errors waiting cannot cure. */
class StartupRetryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ManualTime time = ManualTime.startingAt(T0);
    private final List<Duration> attemptsAt = new ArrayList<>();

    /** An attempt that fails as an unreachable cluster does, {@code failures} times, then succeeds. */
    private StartupRetry.Attempt unreachableFor(int failures) {
        return () -> {
            attemptsAt.add(Duration.between(T0, time.instant()));
            if (attemptsAt.size() <= failures) {
                throw new ConfigurationException("cannot list topics",
                        new ExecutionException(new TimeoutException("Timed out waiting for a node assignment")));
            }
        };
    }

    @Test
    void shouldTryAgainAfterPausesThatDoubleUntilTheClusterAnswers() {
        // given a cluster that answers at the fourth attempt
        StartupRetry retry = new StartupRetry(Duration.ofMinutes(5), time);

        // when
        retry.run(unreachableFor(3));

        // then
        assertThat(attemptsAt).containsExactly(Duration.ZERO, Duration.ofMillis(500), Duration.ofMillis(1500),
                Duration.ofMillis(3500));
    }

    @Test
    void shouldPauseAtMostFiveSecondsBetweenAttempts() {
        // given
        StartupRetry retry = new StartupRetry(Duration.ofMinutes(5), time);

        // when
        retry.run(unreachableFor(6));

        // then pauses of 0.5, 1, 2, 4, 5, 5 s
        assertThat(attemptsAt).last().isEqualTo(Duration.ofMillis(17_500));
    }

    @Test
    void shouldGiveUpWithTheLastFailureWhenTheNextPauseWouldEndPastItsPatience() {
        // given ten seconds of patience and a cluster that never answers
        StartupRetry retry = new StartupRetry(Duration.ofSeconds(10), time);

        // when / then: attempts at 0, 0.5, 1.5, 3.5 and 7.5 s; a pause of 5 s more would end at 12.5 s
        assertThatThrownBy(() -> retry.run(unreachableFor(Integer.MAX_VALUE)))
                .isInstanceOf(ConfigurationException.class).hasMessage("cannot list topics");
        assertThat(attemptsAt).hasSize(5).last().isEqualTo(Duration.ofMillis(7_500));
        assertThat(time.instant()).isEqualTo(T0.plusMillis(7_500));
    }

    @Test
    void shouldFailAtOnceWhenWaitingCannotHelp() {
        // given a principal that may not create the topics
        StartupRetry retry = new StartupRetry(Duration.ofMinutes(5), time);
        StartupRetry.Attempt refused = () -> {
            attemptsAt.add(Duration.between(T0, time.instant()));
            throw new ConfigurationException("may not create", new ExecutionException(new AuthorizationException("denied")));
        };

        // when / then
        assertThatThrownBy(() -> retry.run(refused)).hasMessage("may not create");
        assertThat(attemptsAt).containsExactly(Duration.ZERO);
    }
}
