package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.tool.Capability;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What every kind's builder shares: the name, the declared capabilities, the retry policy, the tool
 * time-out and the sandboxing declaration. Each kind's builder extends it and adds its own options;
 * {@link #build} creates the orchestrator with the tools and services of a context.
 *
 * <p>Not thread-safe (builders never are); the orchestrators it builds are immutable.
 *
 * @param <B> the concrete builder, returned by every setter so calls chain
 * @param <O> the orchestrator it builds
 */
public abstract class OrchestratorBuilder<B extends OrchestratorBuilder<B, O>, O extends Orchestrator> {
    private String name;
    private Set<Capability> capabilities;
    private RetryPolicy retryPolicy = RetryPolicy.ofDefaults();
    private Duration toolTimeout = OrchestratorSettings.DEFAULT_TOOL_TIMEOUT;
    private boolean requiresValidatedInput;

    /**
     * @param defaultName         the name unless {@link #name} sets another
     * @param defaultCapabilities what the kind may use unless {@link #capabilities} says otherwise
     */
    protected OrchestratorBuilder(String defaultName, Capability... defaultCapabilities) {
        this.name = defaultName;
        this.capabilities = toSet(defaultCapabilities);
    }

    @SuppressWarnings("unchecked")
    protected final B self() {
        return (B) this;
    }

    /** The name used in envelopes, provenance, metrics and audit keys. */
    public B name(String value) {
        this.name = value;
        return self();
    }

    /** The tool capabilities this orchestrator may use; calls to tools needing others are refused. */
    public B capabilities(Capability... granted) {
        this.capabilities = toSet(granted);
        return self();
    }

    /** How transient tool failures are retried (default: {@link RetryPolicy#ofDefaults()}). */
    public B retryPolicy(RetryPolicy policy) {
        this.retryPolicy = Objects.requireNonNull(policy, "policy");
        return self();
    }

    /** How long one tool call may take before it fails transiently with {@code ToolTimeout} (default 30 s). */
    public B toolTimeout(Duration timeout) {
        this.toolTimeout = Objects.requireNonNull(timeout, "timeout");
        return self();
    }

    /**
     * Declares that this orchestrator's WRITE and SEND calls may only run on input a validator has checked:
     * a flow that composes it without a {@code Validator} in front of it fails to start.
     */
    public B requireValidatedInput() {
        this.requiresValidatedInput = true;
        return self();
    }

    /** The name as set; checked by {@link #settings()}. */
    public final String name() {
        return name;
    }

    /**
     * The shared settings.
     *
     * @throws ConfigurationException when the name is blank or the tool time-out is not positive
     */
    public final OrchestratorSettings settings() {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("an orchestrator needs a non-blank name");
        }
        return new OrchestratorSettings(capabilities, retryPolicy, toolTimeout, requiresValidatedInput);
    }

    /**
     * Creates the orchestrator with the tools and services of {@code context}.
     *
     * @throws ConfigurationException when the builder's options do not make a valid orchestrator
     */
    public abstract O build(OrchestratorContext context);

    private static Set<Capability> toSet(Capability... granted) {
        return granted.length == 0 ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(List.of(granted));
    }
}
