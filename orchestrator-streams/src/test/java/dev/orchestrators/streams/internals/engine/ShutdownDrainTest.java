package dev.orchestrators.streams.internals.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.time.ManualTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An orderly shutdown waits for the runs in flight, on the flow's clock, at most as long as it is given. */
class ShutdownDrainTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ManualTime time = ManualTime.startingAt(T0);
    private final ShutdownDrain drain = new ShutdownDrain(time);

    @Test
    void shouldReturnAsSoonAsTheLastRunInFlightEnds() {
        // given two runs in flight whose tool calls answer 30 ms and 45 ms from now
        drain.runStarted();
        drain.runStarted();
        time.schedule(Duration.ofMillis(30), () -> drain.runsEnded(1));
        time.schedule(Duration.ofMillis(45), () -> drain.runsEnded(1));

        // when
        boolean idle = drain.awaitIdle(Duration.ofSeconds(5));

        // then at the first look after the last one ended
        assertThat(idle).isTrue();
        assertThat(time.instant()).isEqualTo(T0.plusMillis(50));
    }

    @Test
    void shouldGiveUpAtTheDeadlineWhenARunIsStillInFlight() {
        // given a run whose tool call never answers
        drain.runStarted();

        // when
        boolean idle = drain.awaitIdle(Duration.ofSeconds(5));

        // then
        assertThat(idle).isFalse();
        assertThat(drain.running()).isEqualTo(1);
        assertThat(time.instant()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void shouldNotWaitWhenNothingIsInFlight() {
        // when
        boolean idle = drain.awaitIdle(Duration.ofSeconds(5));

        // then
        assertThat(idle).isTrue();
        assertThat(time.instant()).isEqualTo(T0);
    }
}
