package dev.orchestrators.core.kinds.router;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.internal.EnvelopeOutcomes;
import dev.orchestrators.core.internal.RunContext;
import dev.orchestrators.core.orchestrator.BaseOrchestrator;
import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorBuilder;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.RunOutcome;
import dev.orchestrators.core.orchestrator.Step;
import dev.orchestrators.core.orchestrator.StepContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.tool.Capability;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Chooses a sub-flow from the payload's content (a lead email vs a support email) and returns the chosen
 * sub-flow's envelope, with the decision in {@code metadata.details.route}. Routing is deterministic:
 * rules are tried in declaration order and the first that matches wins; when none does, an optional light
 * classifier tool names the route; then the {@link Builder#otherwise default route}, if any. A request that
 * matches no route ends FAILED with type {@code NoRoute}: never a silent drop. Every decision is audited
 * ({@code ROUTE}).
 *
 * <p>On the Kafka runtime a router is a branching topology: the decided request goes to the request topic
 * of the chosen sub-flow with a reply-to header, and the sub-flow answers on the router's result topic. In
 * process (tests, {@code Worker}, or nested as a step) the sub-flow's orchestrator runs directly: give it
 * with {@link Builder#subFlow}.
 *
 * <pre>{@code
 * Router triage = Router.newBuilder("support_triage")
 *     .route("lead", "lead_intake")
 *     .route("support", "support_ticket")
 *     .rule("lead", p -> String.valueOf(p.get("subject")).toLowerCase().contains("pricing"))
 *     .classifier("email_classifier", p -> Map.of("text", p.get("body")), "label")
 *     .build(context);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Router extends BaseOrchestrator implements Step {
    /** The kind's name. */
    public static final String KIND = "router";

    private final Map<String, String> routes;
    private final List<Rule> rules;
    private final Classifier classifier;
    private final String otherwise;
    private final Map<String, Orchestrator> subFlows;

    private Router(Builder b, OrchestratorContext context) {
        super(b.name(), b.settings(), context);
        this.routes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.routes));
        this.rules = List.copyOf(b.rules);
        this.classifier = b.classifier;
        this.otherwise = b.otherwise;
        this.subFlows = Map.copyOf(b.subFlows);
    }

    public static Builder newBuilder(String name) {
        return new Builder().name(name);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Route name to sub-flow name. */
    public Map<String, String> routes() {
        return routes;
    }

    /** The sub-flows requests can be routed to, in the order their routes were declared. */
    public Set<String> subFlowNames() {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(routes.values()));
    }

    @Override
    protected Set<String> toolNames() {
        return classifier == null ? Set.of() : Set.of(classifier.tool());
    }

    @Override
    protected List<Description> parts() {
        List<Description> parts = new ArrayList<>();
        routes.forEach((route, flow) -> parts.add(subFlows.containsKey(flow) ? subFlows.get(flow).describe()
                : new Description(flow, "sub_flow", Set.of(), Set.of(), false, false, List.of())));
        return parts;
    }

    @Override
    protected CompletionStage<StepOutcome> perform(RunContext run) {
        return runStep(run, decideStep(), List.of()).thenCompose(decided -> {
            RouteDecision decision = decisionOf(decided);
            if (run.options().handOff()) {
                return run.handOff(new RunOutcome.Routed(decision));
            }
            // Answered by the sub-flow: its envelope, with the decision, is the run's (as on Kafka).
            return runStep(run, Steps.of(decision.flow(), (context, input) -> delegated(context, decision)
                    .thenApply(StepOutcome::answeredBy)), List.of());
        });
    }

    @Override
    public CompletionStage<StepOutcome> apply(StepContext outer, List<EnvelopeRecord> input) {
        StepContext context = outer.asOrchestrator(name(), settings());
        return decide(context).thenCompose(decision -> delegate(context, decision));
    }

    /** The decision step: rules, classifier, default; audits the decision; fails with {@link NoRouteException}. */
    private Step decideStep() {
        List<String> tools = classifier == null ? List.of() : List.of(classifier.tool());
        return Steps.calling("route", tools, (context, input) -> decide(context)
                .thenApply(decision -> StepOutcome.proceed(List.of()).withDetail("route", decision.toDetails())));
    }

    private static RouteDecision decisionOf(StepOutcome decided) {
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) decided.details().get("route");
        return new RouteDecision((String) d.get("router"), (String) d.get("route"), (String) d.get("flow"), (String) d.get("reason"));
    }

    /**
     * Decides where the payload of {@code context}'s run goes, and audits it.
     *
     * @return a stage with a matched decision; it fails with {@link NoRouteException} when nothing matches,
     *         or as the classifier call fails
     */
    public CompletionStage<RouteDecision> decide(StepContext context) {
        Payload payload = context.payload();
        for (Rule rule : rules) {
            boolean matches;
            try {
                matches = rule.when().test(payload);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(new PermanentException("RouteRuleFailed",
                        "rule for route '" + rule.route() + "' of router '" + name() + "' threw: " + e, e));
            }
            if (matches) {
                return CompletableFuture.completedFuture(audited(context,
                        matched(rule.route(), "rule for route '" + rule.route() + "' matched")));
            }
        }
        if (classifier == null) {
            return CompletableFuture.completedFuture(audited(context, fallback("no rule matched")));
        }
        Map<String, Object> args;
        try {
            args = classifier.arguments().apply(payload);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return context.call(classifier.tool(), args).thenApply(done -> {
            Object label = done.result().field(classifier.labelField());
            String said = "classifier '" + classifier.tool() + "' said '" + label + "'";
            RouteDecision decision = label != null && routes.containsKey(label.toString())
                    ? matched(label.toString(), said) : fallback(said + ", which is not a route");
            return audited(context, decision);
        });
    }

    private RouteDecision matched(String route, String reason) {
        return new RouteDecision(name(), route, routes.get(route), reason);
    }

    private RouteDecision fallback(String reason) {
        return otherwise == null ? RouteDecision.unmatched(name(), reason)
                : matched(otherwise, reason + "; default route '" + otherwise + "'");
    }

    private RouteDecision audited(StepContext context, RouteDecision decision) {
        Map<String, Object> details = new LinkedHashMap<>(decision.toDetails());
        context.services().auditStore().append(new AuditRecord(AuditKind.ROUTE, context.runId(), context.flow(),
                name(), "route", context.now(), null, details));
        if (!decision.matched()) {
            throw new NoRouteException(decision, routes.keySet());
        }
        return decision;
    }

    /** Runs the chosen sub-flow in process and turns its envelope into this router's outcome (the router as a step). */
    private CompletionStage<StepOutcome> delegate(StepContext context, RouteDecision decision) {
        return delegated(context, decision).thenApply(EnvelopeOutcomes::toOutcome);
    }

    /** Runs the chosen sub-flow in process: its envelope, with the decision in {@code metadata.details.route}. */
    private CompletionStage<Envelope> delegated(StepContext context, RouteDecision decision) {
        Orchestrator sub = subFlows.containsKey(decision.flow()) ? subFlows.get(decision.flow())
                : context.services().subFlows().find(decision.flow()).orElse(null);
        if (sub == null) {
            return CompletableFuture.failedFuture(new ConfigurationException("router '" + name() + "' routed to '"
                    + decision.flow() + "', which is not available in process; give it with subFlow(...), run it through a Worker "
                    + "whose registry has it, or run the router on Kafka"));
        }
        return sub.execute(context.payload(), context.options().forSubFlow(decision.flow())
                        .withTraceParent(context.traceContext()))
                .thenApply(envelope -> envelope.withMetadata(envelope.metadata().withDetail("route", decision.toDetails())));
    }

    private record Rule(String route, Predicate<Payload> when) {
    }

    private record Classifier(String tool, Function<Payload, Map<String, Object>> arguments, String labelField) {
    }

    /** Builder; {@link #build} checks that every rule, the classifier's labels and the default name routes. */
    public static final class Builder extends OrchestratorBuilder<Builder, Router> {
        private final Map<String, String> routes = new LinkedHashMap<>();
        private final List<Rule> rules = new ArrayList<>();
        private final Map<String, Orchestrator> subFlows = new LinkedHashMap<>();
        private Classifier classifier;
        private String otherwise;

        private Builder() {
            super(KIND, Capability.READ);
        }

        /** Declares route {@code route}, answered by the flow named {@code subFlow}. */
        public Builder route(String route, String subFlow) {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(subFlow, "subFlow");
            if (routes.putIfAbsent(route, subFlow) != null) {
                throw new ConfigurationException("router '" + name() + "' declares route '" + route + "' twice");
            }
            return this;
        }

        /** A rule: requests for which {@code when} holds take {@code route}. Rules are tried in order. */
        public Builder rule(String route, Predicate<Payload> when) {
            rules.add(new Rule(Objects.requireNonNull(route, "route"), Objects.requireNonNull(when, "when")));
            return this;
        }

        /** A light classifier tool, asked when no rule matches; its answer's {@code labelField} names the route. */
        public Builder classifier(String tool, Function<Payload, Map<String, Object>> arguments, String labelField) {
            this.classifier = new Classifier(Objects.requireNonNull(tool, "tool"), Objects.requireNonNull(arguments, "arguments"),
                    Objects.requireNonNull(labelField, "labelField"));
            return this;
        }

        /** The route taken when nothing else decides; without one such requests end FAILED with NoRoute. */
        public Builder otherwise(String route) {
            this.otherwise = Objects.requireNonNull(route, "route");
            return this;
        }

        /** The orchestrator of sub-flow {@code flow}, for running the router in process. */
        public Builder subFlow(String flow, Orchestrator orchestrator) {
            subFlows.put(Objects.requireNonNull(flow, "flow"), Objects.requireNonNull(orchestrator, "orchestrator"));
            return this;
        }

        /** @throws ConfigurationException when there is no route, or a rule or the default names an undeclared one */
        @Override
        public Router build(OrchestratorContext context) {
            if (routes.isEmpty()) {
                throw new ConfigurationException("router '" + name() + "' needs at least one route");
            }
            for (Rule rule : rules) {
                requireRoute(rule.route(), "a rule");
            }
            if (otherwise != null) {
                requireRoute(otherwise, "otherwise(...)");
            }
            return new Router(this, context);
        }

        private void requireRoute(String route, String who) {
            if (!routes.containsKey(route)) {
                throw new ConfigurationException("router '" + name() + "': " + who + " names route '" + route
                        + "', which is not declared; routes: " + routes.keySet());
            }
        }
    }
}
