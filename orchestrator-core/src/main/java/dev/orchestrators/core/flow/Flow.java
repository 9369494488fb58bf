package dev.orchestrators.core.flow;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.OrchestratorFactory;
import dev.orchestrators.core.tool.ToolContainer;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A named flow: the orchestrator that answers its requests (a coordinator of steps, an aggregator, a
 * router over sub-flows, a saga, a scheduler, ...) and the tools it is given, declared in one place. The
 * runtime runs each flow as its own Kafka Streams application on {@code <name>.requests}; the kind of the
 * root orchestrator decides the topology (a router branches, a saga adds compensation topics, a scheduler
 * a job store).
 *
 * <pre>{@code
 * Flow leadSync = Flow.newBuilder("lead_sync")
 *     .description("fetch a lead, resolve its company, deliver it")
 *     .tools(InMemoryToolContainer.of(crmReader, companyLookup, emailSender))
 *     .orchestrator(ctx -> Coordinator.newBuilder("lead_sync")
 *         .capabilities(Capability.READ)
 *         .step(Steps.fetch("fetch_lead", "crm_reader", p -> Map.of("lead_id", p.get("lead_id")), "lead_id"))
 *         .step(Enricher.newBuilder("company_lookup").build(ctx))
 *         .step(DeliveryOrchestrator.newBuilder("email_sender").build(ctx))
 *         .build(ctx))
 *     .build();
 * }</pre>
 *
 * <p>{@link #create} checks the composition before anything runs (see {@link FlowCheck}): every tool a
 * step names exists and fits its orchestrator's declared capabilities, and side effects declared to need
 * validated input have a validator in front of them. Immutable and thread-safe.
 */
public final class Flow {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]+");

    private final String name;
    private final String description;
    private final ToolContainer tools;
    private final OrchestratorFactory factory;
    private final boolean sideEffectsNeedValidation;

    private Flow(Builder b) {
        this.name = b.name;
        this.description = b.description;
        this.tools = b.tools;
        this.factory = b.factory;
        this.sideEffectsNeedValidation = b.sideEffectsNeedValidation;
    }

    /**
     * @throws ConfigurationException when {@code name} is not letters, digits, '_' or '-' (it prefixes topics)
     */
    public static Builder newBuilder(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigurationException("flow name '" + name
                    + "' must be letters, digits, '_' or '-' (it prefixes topic names)");
        }
        return new Builder(name);
    }

    /** A flow whose tools come from the context it is created with. */
    public static Flow of(String name, OrchestratorFactory factory) {
        return newBuilder(name).orchestrator(factory).build();
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The flow's own tools; empty when it takes the context's. */
    public Optional<ToolContainer> tools() {
        return Optional.ofNullable(tools);
    }

    /** Whether every WRITE or SEND step of the flow must run after a validator. */
    public boolean sideEffectsNeedValidation() {
        return sideEffectsNeedValidation;
    }

    /** This flow with {@code newTools} as its own tools (the runtime wraps them in their configured limits). */
    public Flow withTools(ToolContainer newTools) {
        Builder b = new Builder(name).description(description).tools(newTools).orchestrator(factory);
        b.sideEffectsNeedValidation = sideEffectsNeedValidation;
        return b.build();
    }

    /** {@code context} with the flow's own tools, if it has any. */
    public OrchestratorContext contextFor(OrchestratorContext context) {
        return tools == null ? context : context.toBuilder().tools(tools).build();
    }

    /**
     * Creates the flow's orchestrator with the services of {@code context} (and the flow's own tools) and
     * checks it.
     *
     * @throws ConfigurationException naming every problem {@link FlowCheck} finds
     */
    public Orchestrator create(OrchestratorContext context) {
        OrchestratorContext own = contextFor(context);
        Orchestrator orchestrator = factory.create(own);
        FlowCheck.check(this, orchestrator.describe(), own.tools());
        return orchestrator;
    }

    @Override
    public String toString() {
        return "Flow[" + name + "]";
    }

    /** Builder; {@link #build} needs the orchestrator. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private ToolContainer tools;
        private OrchestratorFactory factory;
        private boolean sideEffectsNeedValidation;

        private Builder(String name) {
            this.name = name;
        }

        /** One line on what the flow does, shown by {@code orchestrator flows}. */
        public Builder description(String value) {
            this.description = Objects.requireNonNull(value, "description");
            return this;
        }

        /** The flow's tools (real adapters, or fakes in tests); without them it takes the context's. */
        public Builder tools(ToolContainer value) {
            this.tools = Objects.requireNonNull(value, "tools");
            return this;
        }

        /** Creates the root orchestrator from the context the runtime gives (tools, audit, clock, ledger). */
        public Builder orchestrator(OrchestratorFactory value) {
            this.factory = Objects.requireNonNull(value, "factory");
            return this;
        }

        /**
         * The design's sandboxing rule for the whole flow: every step that may WRITE or SEND must run after a
         * {@code Validator}, or the flow fails to start (per orchestrator: {@code requireValidatedInput()}).
         */
        public Builder sideEffectsNeedValidation() {
            this.sideEffectsNeedValidation = true;
            return this;
        }

        /** @throws ConfigurationException when no orchestrator was given */
        public Flow build() {
            if (factory == null) {
                throw new ConfigurationException("flow '" + name + "' needs an orchestrator");
            }
            return new Flow(this);
        }
    }
}
