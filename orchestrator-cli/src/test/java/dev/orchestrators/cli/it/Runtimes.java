package dev.orchestrators.cli.it;

import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts {@link OrchestratorRuntime}s in this JVM against a test's broker: each with its own Kafka Streams
 * state directory, and with timeouts lowered so a test does not wait for production defaults (commits every
 * 50 ms, a 6 s consumer session so a replaced instance's partitions move quickly).
 */
final class Runtimes {
    private Runtimes() {
    }

    /** The configuration of a runtime of {@code flow} under application-id prefix {@code prefix}. */
    static Map<String, Object> config(String bootstrap, String flow, String prefix, Path stateDirs) {
        Map<String, Object> values = new HashMap<>();
        values.put(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        values.put(OrchestratorConfig.FLOWS_CONFIG, flow);
        values.put(OrchestratorConfig.APPLICATION_ID_PREFIX_CONFIG, prefix);
        values.put(OrchestratorConfig.STATE_DIR_CONFIG, newDirectory(stateDirs, "state-").toString());
        values.put(OrchestratorConfig.COMMIT_INTERVAL_MS_CONFIG, 50L);
        values.put(OrchestratorConfig.SHUTDOWN_DRAIN_MS_CONFIG, 2_000L);
        values.put(OrchestratorConfig.STREAMS_PREFIX + "session.timeout.ms", 6_000);
        values.put(OrchestratorConfig.STREAMS_PREFIX + "heartbeat.interval.ms", 1_000);
        return values;
    }

    /** Starts the runtime and waits until every flow is RUNNING. */
    static OrchestratorRuntime startAndAwaitRunning(Registry registry, OrchestratorContext context, Map<String, Object> config) {
        OrchestratorRuntime runtime = OrchestratorRuntime.start(registry, context, new OrchestratorConfig(config));
        try {
            runtime.awaitRunning(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    static Path newDirectory(Path parent, String prefix) {
        try {
            return Files.createTempDirectory(parent, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
