package dev.orchestrators.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reduced chaos run, part of the suite: one of each fault (a worker SIGKILLed and restarted with its state
 * wiped, scaling 1 -> 2 -> 1, a broker restart, a cut connection, failing tools, hostile input) over about a
 * thousand requests, under exactly_once_v2. Every loss and duplicate count must be 0. The full run is
 * {@code bin/orchestrator chaos}; see docs/reliability.md.
 */
@Timeout(600)
class ChaosIT {

    @Test
    void shouldLoseNothingDoubleNothingAndDeadLetterEveryHostileRequestOnceUnderFaults() throws Exception {
        // given
        Path dir = Files.createTempDirectory("chaos-it-");
        ChaosSettings settings = ChaosSettings.reduced("exactly_once_v2", dir, 7);

        // when
        ChaosReport report = new ChaosRun(settings, System.out).run();

        // then
        System.out.print(report.toText());
        assertThat(report.toMap()).containsEntry("lost", 0L).containsEntry("duplicated", 0L).containsEntry("audit_missing", 0L)
                .containsEntry("dlq_duplicated", 0L).containsEntry("side_effects_duplicated", 0L);
        assertThat(report.passed()).as(report.toText()).isTrue();
    }
}
