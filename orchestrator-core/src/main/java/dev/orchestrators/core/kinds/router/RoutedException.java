package dev.orchestrators.core.kinds.router;

import dev.orchestrators.core.orchestrator.HandOffException;
import java.util.Objects;

/**
 * A root router's run, when the runtime continues it ({@code ExecutionOptions.handOff()}): the request
 * goes to the chosen sub-flow's request topic and the sub-flow's envelope is the answer.
 */
public final class RoutedException extends HandOffException {
    private final RouteDecision decision;

    public RoutedException(RouteDecision decision) {
        super("Routed", "routed to " + decision.flow() + " (" + decision.route() + ")");
        this.decision = Objects.requireNonNull(decision, "decision");
    }

    public RouteDecision decision() {
        return decision;
    }
}
