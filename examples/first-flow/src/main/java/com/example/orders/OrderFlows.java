package com.example.orders;

import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.flow.FlowEnvironment;
import dev.orchestrators.core.flow.FlowProvider;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.kinds.enricher.Enricher;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolContainer;
import dev.orchestrators.core.tool.Tools;
import java.util.List;
import java.util.Map;

/**
 * The flows of this jar. {@code bin/orchestrator run --flows-jar} finds this class through
 * {@code META-INF/services/dev.orchestrators.core.flow.FlowProvider} and calls {@link #flows} once, at start-up.
 */
public final class OrderFlows implements FlowProvider {
    /** The flow's name: its requests go to {@code order_status.requests}, its answers to {@code order_status.results}. */
    public static final String FLOW = "order_status";
    /** The name of the tool that estimates a delivery. */
    public static final String SHIPPING_ESTIMATE = "shipping_estimate";

    @Override
    public List<Flow> flows(FlowEnvironment environment) {
        long days = environment.getLong("orders.eta.days", 3);   // -D orders.eta.days=2 on the command line
        Tool shipping = Tools.inMemory(SHIPPING_ESTIMATE, Capability.READ, call -> Map.of("eta_days", days));
        return List.of(orderStatus(InMemoryToolContainer.of(OrderLookup.withSampleOrders(), shipping)));
    }

    /** The flow over the tools it is given: the real ones at run time, fakes in a test. */
    public static Flow orderStatus(ToolContainer tools) {
        return Flow.newBuilder(FLOW)
                .description("look an order up and estimate its delivery")
                .tools(tools)
                .orchestrator(ctx -> Coordinator.newBuilder(FLOW)
                        .capabilities(Capability.READ)
                        .requirePayloadFields("order_id")           // a non-blank string: {"order_id": 42} is refused
                        .step(Steps.fetch("fetch_order", OrderLookup.NAME,
                                payload -> Map.of("order_id", payload.get("order_id")), "order_id"))
                        .step(Enricher.newBuilder(SHIPPING_ESTIMATE)  // the tool it calls, not the step's name
                                .name("estimate_delivery")          // the step's name
                                .arguments(order -> Map.of("country", order.field("country")))
                                .build(ctx))
                        .build(ctx))
                .build();
    }
}
