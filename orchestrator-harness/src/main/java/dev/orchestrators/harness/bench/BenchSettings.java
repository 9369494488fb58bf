package dev.orchestrators.harness.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resolved settings of one bench run.
 *
 * @param requests         backlog requests per flow scenario
 * @param baselineRequests backlog requests of identity, envelope_identity and plain_loop, which are an order of
 *                         magnitude faster
 * @param partitions       partitions of every topic (the limited scenarios: {@link Scenario#LIMITED_PARTITIONS})
 * @param naiveDuration    how long the naive loop works on its backlog
 * @param pacedDuration    length of the paced (latency) phase
 * @param pacedFraction    paced rate as a fraction of the scenario's backlog throughput
 * @param targetRate       paced rate of the worker-JVM (20 ms) scenarios when their throughput reaches it
 * @param phaseTimeout     longest wait for a backlog to drain
 * @param runtimeConfig    orchestrator configuration of every flow worker (also the Streams settings of identity)
 * @param clientOverrides  producer settings of the hand-written loops
 * @param childJavaOptions JVM options of worker JVMs
 * @param workRoot         scratch directory (state dirs, worker logs)
 * @param keepWorkDir      keep the scratch directory (worker logs) for inspection
 * @param compensatingPercent share of the saga scenarios' requests, in percent, with plan legacy (compensated)
 * @param sweepStep        length of each rate of lead_sync_20ms's latency sweep
 * @param limitedWork      how long the limited scenarios' backlog lasts at their nominal capacity
 * @param joinBefore       how long the join scenario runs on one worker before the second starts
 * @param joinAfter        how long it is watched after the second worker started
 * @param limitedJavaOptions JVM options added for the limited scenarios' worker JVMs
 */
record BenchSettings(int requests, int baselineRequests, int partitions, Duration naiveDuration, Duration pacedDuration, double pacedFraction,
                     double targetRate, Duration phaseTimeout, Map<String, String> runtimeConfig,
                     Map<String, String> clientOverrides, List<String> childJavaOptions, Path workRoot,
                     boolean keepWorkDir, int compensatingPercent, Duration sweepStep, Duration limitedWork,
                     Duration joinBefore, Duration joinAfter, List<String> limitedJavaOptions) {

    /** The JVM options of {@code scenario}'s worker JVMs. */
    List<String> javaOptions(Scenario scenario) {
        if (!scenario.limited()) {
            return childJavaOptions;
        }
        List<String> options = new ArrayList<>(childJavaOptions);
        options.addAll(limitedJavaOptions);
        return options;
    }

    /**
     * Warm-up batch of a worker JVM before its backlog, and of each warm-up round of the bench JVM. On two cores
     * the JIT needs tens of thousands of lead_sync requests before a JVM runs at full speed: measured without
     * warm-up, three consecutive 20,000-request runs of lead_sync_inmem in one JVM gave 3.5k, 5.9k and 8.2k/s.
     */
    int warmUpRequests() {
        return Math.max(1000, requests / 2);
    }

    /**
     * At most how many warm-up batches a worker JVM gets: it gets another while its CPU per envelope still moves
     * ({@link WarmUp#settled}). On two cores, C2 kept compiling for minutes after a single 100,000-request batch.
     */
    int maxWarmUpRounds() {
        return requests >= 100_000 ? 4 : 2;
    }

    /**
     * The warm-up batch of {@code scenario}'s worker JVMs: {@link #warmUpRequests()}, or for a limited scenario a
     * quarter of its work time at its capacity (its workers are capped far below their CPU, so the JIT is not
     * what limits them).
     */
    int warmUp(Scenario scenario) {
        if (scenario.limited()) {
            int instances = scenario.join() ? 1 : scenario.instances();
            return (int) Math.round(instances * Scenario.limitedCapacityPerInstance() * limitedWork.toMillis() / 4000.0);
        }
        return warmUpRequests();
    }

    /** The backlog of {@code scenario}. */
    int backlog(Scenario scenario) {
        double capacity = Scenario.limitedCapacityPerInstance();
        if (scenario.join()) {
            // one instance before, two after, with half again as much so that it never runs dry while watched
            return (int) Math.round(capacity * (joinBefore.toMillis() + 3.0 * joinAfter.toMillis()) / 1000.0);
        }
        if (scenario.limited()) {
            return (int) Math.round(scenario.instances() * capacity * limitedWork.toMillis() / 1000.0);
        }
        return scenario.timeBoxed() ? naiveRequests() : scenario.rawKafka() ? baselineRequests : requests;
    }

    /** Naive backlog: more than a blocking loop of three 20 ms calls can take in {@link #naiveDuration}. */
    int naiveRequests() {
        return (int) Math.min(requests, 40 * naiveDuration.toSeconds() + 100);
    }
}
