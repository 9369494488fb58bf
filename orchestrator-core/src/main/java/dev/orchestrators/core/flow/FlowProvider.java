package dev.orchestrators.core.flow;

import java.util.List;

/**
 * Contributes flows to a process that hosts them: {@code bin/orchestrator run --flows-jar my-flows.jar}
 * finds every provider on its class path through {@link java.util.ServiceLoader}. Register an
 * implementation in {@code META-INF/services/dev.orchestrators.core.flow.FlowProvider}.
 *
 * <pre>{@code
 * public final class MyFlows implements FlowProvider {
 *     public List<Flow> flows(FlowEnvironment env) {
 *         ToolContainer tools = InMemoryToolContainer.of(new CrmAdapter(env.get("crm.url", "http://crm")));
 *         return List.of(Flow.newBuilder("crm_sync").tools(tools).orchestrator(ctx -> ...).build());
 *     }
 * }
 * }</pre>
 *
 * <p>Implementations need a public no-argument constructor. {@link #flows} is called once per process, at
 * start-up; a provider that cannot build its flows throws a {@code ConfigurationException} naming why.
 */
public interface FlowProvider {

    /** The flows this provider hosts, built for {@code environment}. */
    List<Flow> flows(FlowEnvironment environment);
}
