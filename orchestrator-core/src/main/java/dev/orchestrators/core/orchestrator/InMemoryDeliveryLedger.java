package dev.orchestrators.core.orchestrator;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link DeliveryLedger} in memory: duplicates are caught within one process. Across restarts,
 * pass the delivery key to the delivery system as its idempotency key (the DeliveryOrchestrator does,
 * as the {@code delivery_key} argument) or use a durable ledger.
 */
public final class InMemoryDeliveryLedger implements DeliveryLedger {
    private final Map<String, String> deliveries = new ConcurrentHashMap<>();

    @Override
    public Optional<String> claim(String deliveryKey) {
        return Optional.ofNullable(deliveries.putIfAbsent(deliveryKey, IN_FLIGHT));
    }

    @Override
    public void delivered(String deliveryKey, String deliveryId) {
        deliveries.put(deliveryKey, deliveryId);
    }

    @Override
    public void release(String deliveryKey) {
        deliveries.remove(deliveryKey, IN_FLIGHT);
    }

    /** The delivery ids recorded so far, by key (for tests). */
    public Map<String, String> deliveries() {
        return Map.copyOf(deliveries);
    }
}
