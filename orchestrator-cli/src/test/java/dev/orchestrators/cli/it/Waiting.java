package dev.orchestrators.cli.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ConditionFactory;

/** How the integration tests wait for the cluster: poll on the test thread (Kafka clients are single-threaded). */
final class Waiting {
    private Waiting() {
    }

    /** Waits up to {@code atMost}, re-checking every 100 ms on the calling thread. */
    static ConditionFactory eventually(Duration atMost) {
        return await().pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).atMost(atMost);
    }
}
