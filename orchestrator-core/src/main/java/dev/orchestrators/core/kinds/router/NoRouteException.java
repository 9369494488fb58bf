package dev.orchestrators.core.kinds.router;

import dev.orchestrators.core.errors.PermanentException;
import java.util.Map;

/** No route of a router matches the request: its envelope is FAILED with type {@code NoRoute}, never dropped. */
public final class NoRouteException extends PermanentException {
    private final RouteDecision decision;

    public NoRouteException(RouteDecision decision, java.util.Collection<String> routes) {
        super("NoRoute", "router '" + decision.router() + "' has no route for this request (" + decision.reason()
                + "); its routes: " + new java.util.TreeSet<>(routes), null);
        this.decision = decision;
    }

    public RouteDecision decision() {
        return decision;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("route", decision.toDetails());
    }
}
