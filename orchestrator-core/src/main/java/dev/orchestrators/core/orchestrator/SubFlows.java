package dev.orchestrators.core.orchestrator;

import java.util.Optional;

/**
 * Finds the orchestrator of another flow by name, for kinds that delegate to sub-flows when they run in
 * process (a router without the Kafka runtime). The {@code Worker} resolves through its registry; the Kafka
 * runtime does not need it (it routes over topics). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface SubFlows {

    /** The orchestrator of flow {@code flow}, if this process has it. */
    Optional<Orchestrator> find(String flow);

    /** Knows no flow. */
    static SubFlows none() {
        return flow -> Optional.empty();
    }
}
