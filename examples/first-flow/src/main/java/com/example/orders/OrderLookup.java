package com.example.orders;

import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A custom tool: looks an order up by {@code order_id} and answers its fields. Here the orders are a map; a real
 * one would call your order system with an asynchronous client and complete the stage when it answers (never
 * block in {@code invoke}: wrap a blocking client with {@code Tools.blocking}).
 */
public final class OrderLookup implements Tool {
    /** The name flows call this tool by. */
    public static final String NAME = "order_lookup";

    private final Map<String, Map<String, Object>> orders;

    public OrderLookup(Map<String, Map<String, Object>> orders) {
        this.orders = Map.copyOf(orders);
    }

    /** Two orders to try the flow with: O-1 (shipped to FR) and O-2 (packing, to US). */
    public static OrderLookup withSampleOrders() {
        return new OrderLookup(Map.of(
                "O-1", Map.of("order_id", "O-1", "status", "shipped", "country", "FR"),
                "O-2", Map.of("order_id", "O-2", "status", "packing", "country", "US")));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Capability capability() {
        return Capability.READ;
    }

    @Override
    public CompletionStage<ToolResult> invoke(ToolCall call) {
        String id = call.requireString("order_id");
        Map<String, Object> order = orders.get(id);
        if (order == null) {
            // permanent: retrying will not make the order exist; the run ends FAILED with this type
            return CompletableFuture.failedFuture(new PermanentException("UnknownOrder", "no order " + id, null));
        }
        return CompletableFuture.completedFuture(ToolResult.of(order));
    }
}
