package dev.orchestrators.core.kinds.router;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a router sends a request, and why. Immutable.
 *
 * @param router  the router's name
 * @param route   the chosen route, or {@code null} when nothing matched
 * @param flow    the sub-flow of the route, or {@code null} when nothing matched
 * @param reason  how it was decided: the rule that matched, or the classifier's label
 */
public record RouteDecision(String router, String route, String flow, String reason) {

    public RouteDecision {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(reason, "reason");
        if ((route == null) != (flow == null)) {
            throw new IllegalArgumentException("a decision names both a route and its flow, or neither");
        }
    }

    public static RouteDecision unmatched(String router, String reason) {
        return new RouteDecision(router, null, null, reason);
    }

    public boolean matched() {
        return route != null;
    }

    /** As {@code metadata.details.route}: {@code {router, route, flow, reason}} ({@code matched: false} when none). */
    public Map<String, Object> toDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("router", router);
        details.put("matched", matched());
        if (matched()) {
            details.put("route", route);
            details.put("flow", flow);
        }
        details.put("reason", reason);
        return details;
    }
}
