package dev.orchestrators.core.orchestrator;

import java.util.Optional;

/**
 * Remembers which delivery keys were sent, so a repeated attempt (a retried run, a redelivered request)
 * does not send twice. Thread-safe; {@link #claim} is atomic.
 */
public interface DeliveryLedger {
    /** What {@link #claim} answers while another attempt holds the claim and has not finished. */
    String IN_FLIGHT = "in-flight";

    /**
     * Claims {@code deliveryKey} for sending.
     *
     * @return empty if the caller now owns the key and may send; otherwise the delivery id recorded for
     *         it, or {@link #IN_FLIGHT} while another attempt holds the claim
     */
    Optional<String> claim(String deliveryKey);

    /** Records that {@code deliveryKey} was delivered as {@code deliveryId}. */
    void delivered(String deliveryKey, String deliveryId);

    /** Releases a claim whose send failed, so a later attempt may send. */
    void release(String deliveryKey);
}
