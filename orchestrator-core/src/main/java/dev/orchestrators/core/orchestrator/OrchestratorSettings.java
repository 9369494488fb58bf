package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.tool.Capability;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What an orchestrator declares about itself: the tool capabilities it may use, how it retries transient
 * tool failures, how long one tool call may take, and whether its side effects may only run on input a
 * validator has checked. Immutable.
 *
 * @param requiresValidatedInput the sandboxing rule of the design: a flow that runs this orchestrator's
 *                               WRITE or SEND calls without a validator in front of it does not start
 */
public record OrchestratorSettings(Set<Capability> capabilities, RetryPolicy retryPolicy, Duration toolTimeout,
                                   boolean requiresValidatedInput) {

    /** Default per-call time-out: 30 s. */
    public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofSeconds(30);

    public OrchestratorSettings {
        capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(toolTimeout, "toolTimeout");
        if (toolTimeout.isZero() || toolTimeout.isNegative()) {
            throw new ConfigurationException("toolTimeout must be > 0, was " + toolTimeout);
        }
    }

    public OrchestratorSettings(Set<Capability> capabilities, RetryPolicy retryPolicy, Duration toolTimeout) {
        this(capabilities, retryPolicy, toolTimeout, false);
    }

    public static OrchestratorSettings of(Capability... capabilities) {
        return new OrchestratorSettings(Set.of(capabilities), RetryPolicy.ofDefaults(), DEFAULT_TOOL_TIMEOUT, false);
    }

    public OrchestratorSettings withRetryPolicy(RetryPolicy policy) {
        return new OrchestratorSettings(capabilities, policy, toolTimeout, requiresValidatedInput);
    }

    public OrchestratorSettings withToolTimeout(Duration timeout) {
        return new OrchestratorSettings(capabilities, retryPolicy, timeout, requiresValidatedInput);
    }

    public OrchestratorSettings withCapabilities(Capability... granted) {
        return new OrchestratorSettings(Set.of(granted), retryPolicy, toolTimeout, requiresValidatedInput);
    }
}
