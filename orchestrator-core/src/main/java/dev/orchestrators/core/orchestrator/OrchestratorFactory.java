package dev.orchestrators.core.orchestrator;

/** Creates an orchestrator from its context (tools and services). Registered by name in a {@link Registry}. */
@FunctionalInterface
public interface OrchestratorFactory {
    Orchestrator create(OrchestratorContext context);
}
