package dev.orchestrators.harness.chaos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a chaos run does. Immutable.
 *
 * @param requests         requests to publish (hostile ones included)
 * @param guarantee        exactly_once_v2 or at_least_once
 * @param hostileShare     share of hostile requests
 * @param window           how long requests are published for, with faults injected throughout
 * @param kills            worker SIGKILLs (each followed by a restart)
 * @param wipeEvery        every n-th killed worker loses its local state directory before it restarts
 * @param workerRestarts   clean worker restarts (SIGTERM: drain, final commit, leave the group; then a restart)
 * @param brokerRestarts   broker restarts (alternately clean and SIGKILL)
 * @param cuts             times a worker's connections are cut
 * @param cutFor           how long a cut lasts
 * @param maxWorkers       the workers are scaled 1 -> maxWorkers -> 1 during the window
 * @param latencyMs        each sample tool call's latency
 * @param faults           sample tool fault rates: transient, timeout, slow, permanent
 * @param partitions       partitions of the flows' topics
 * @param maxStall         the run fails if, from the first request until the last answer, the workers answered
 *                         nothing for longer than this (Kafka's broker bounce tests allow 120 s to recover)
 * @param settle           after the window, how long to wait without progress before counting what is missing as lost
 * @param workDir          where the broker's data, the workers' state and logs, and the sample ledger go
 * @param seed             the request mix's and faults' seed
 */
record ChaosSettings(int requests, String guarantee, double hostileShare, Duration window, int kills, int wipeEvery,
                     int workerRestarts, int brokerRestarts, int cuts, Duration cutFor, int maxWorkers, long latencyMs, double[] faults,
                     int partitions, Duration maxStall, Duration settle, Path workDir, long seed) {

    ChaosSettings withRequests(int value) {
        return new ChaosSettings(value, guarantee, hostileShare, window, kills, wipeEvery, workerRestarts, brokerRestarts,
                cuts, cutFor, maxWorkers, latencyMs, faults, partitions, maxStall, settle, workDir, seed);
    }

    ChaosSettings withHostileShare(double value) {
        return new ChaosSettings(requests, guarantee, value, window, kills, wipeEvery, workerRestarts, brokerRestarts,
                cuts, cutFor, maxWorkers, latencyMs, faults, partitions, maxStall, settle, workDir, seed);
    }

    /** A full run: 100,000 requests, 12 kills, 4 clean worker restarts, 4 broker restarts, 4 cuts, scaling 1-3-1. */
    static ChaosSettings full(String guarantee, Path workDir, long seed) {
        return new ChaosSettings(100_000, guarantee, 0.05, Duration.ofSeconds(240), 12, 3, 4, 4, 4, Duration.ofSeconds(5), 3,
                20, new double[] {0.03, 0.002, 0.02, 0.002}, 6, Duration.ofSeconds(120), Duration.ofSeconds(120), workDir, seed);
    }

    /** A quick run: a few thousand requests, at least one of each fault, a few minutes. */
    static ChaosSettings quick(String guarantee, Path workDir, long seed) {
        return new ChaosSettings(4_000, guarantee, 0.05, Duration.ofSeconds(75), 3, 2, 1, 2, 1, Duration.ofSeconds(4), 2,
                20, new double[] {0.03, 0.002, 0.02, 0.002}, 3, Duration.ofSeconds(120), Duration.ofSeconds(90), workDir, seed);
    }

    /** The smallest run that still injects every fault once: part of the test suite. */
    static ChaosSettings reduced(String guarantee, Path workDir, long seed) {
        return new ChaosSettings(1_200, guarantee, 0.05, Duration.ofSeconds(40), 1, 1, 1, 1, 1, Duration.ofSeconds(3), 2,
                10, new double[] {0.02, 0.0, 0.01, 0.002}, 2, Duration.ofSeconds(120), Duration.ofSeconds(90), workDir, seed);
    }
}
