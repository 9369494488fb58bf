package dev.orchestrators.harness.bench;

import java.nio.file.Path;
import java.util.Map;

/**
 * What one scenario run is given.
 *
 * @param bootstrap        the bench's broker
 * @param guarantee        {@code exactly_once_v2} or {@code at_least_once}
 * @param partitions       partitions of every topic
 * @param id               unique prefix of this run's application ids, groups and internal topics
 * @param inputTopic       requests
 * @param outputTopic      results
 * @param workDir          scratch directory of this run (state dirs, child logs)
 * @param runtimeConfig    orchestrator configuration applied to every flow worker (keys of
 *                         {@code OrchestratorConfig}, including {@code streams.*})
 * @param clientOverrides  Kafka client settings shared by every scenario (e.g. {@code linger.ms})
 */
record WorkloadSpec(String bootstrap, String guarantee, int partitions, String id, String inputTopic,
                    String outputTopic, Path workDir, Map<String, String> runtimeConfig,
                    Map<String, String> clientOverrides) {

    boolean exactlyOnce() {
        return "exactly_once_v2".equals(guarantee);
    }
}
