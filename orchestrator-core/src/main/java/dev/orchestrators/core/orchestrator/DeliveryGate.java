package dev.orchestrators.core.orchestrator;

/**
 * The global {@code allow_delivery} switch. {@link DeliveryOrchestrator} asks it before every delivery;
 * when it answers false nothing is sent and the envelope says {@code DISABLED}. Thread-safe.
 */
@FunctionalInterface
public interface DeliveryGate {

    boolean allowDelivery();

    /** A gate that is always closed: the safe default. */
    static DeliveryGate closed() {
        return () -> false;
    }

    static DeliveryGate open() {
        return () -> true;
    }
}
