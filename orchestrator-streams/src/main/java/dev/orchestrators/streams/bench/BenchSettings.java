package dev.orchestrators.streams.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The resolved settings of one bench run.
 *
 * @param requests         backlog requests per scenario (except the time-boxed naive loop)
 * @param partitions       partitions of every topic
 * @param naiveDuration    how long the naive loop works on its backlog
 * @param pacedDuration    length of the paced (latency) phase
 * @param pacedFraction    paced rate as a fraction of the scenario's backlog throughput
 * @param targetRate       paced rate of the 20 ms lead_sync scenarios when their throughput reaches it
 * @param phaseTimeout     longest wait for a backlog to drain
 * @param runtimeConfig    orchestrator configuration of every lead_sync worker (also the Streams settings of identity)
 * @param clientOverrides  producer settings of the hand-written loops
 * @param childJavaOptions JVM options of worker JVMs
 * @param workRoot         scratch directory (state dirs, worker logs)
 * @param keepWorkDir      keep the scratch directory (worker logs) for inspection
 */
record BenchSettings(int requests, int partitions, Duration naiveDuration, Duration pacedDuration, double pacedFraction,
                     double targetRate, Duration phaseTimeout, Map<String, String> runtimeConfig,
                     Map<String, String> clientOverrides, List<String> childJavaOptions, Path workRoot,
                     boolean keepWorkDir) {

    /** Naive backlog: more than a blocking loop of three 20 ms calls can take in {@link #naiveDuration}. */
    int naiveRequests() {
        return (int) Math.min(requests, 40 * naiveDuration.toSeconds() + 100);
    }
}
