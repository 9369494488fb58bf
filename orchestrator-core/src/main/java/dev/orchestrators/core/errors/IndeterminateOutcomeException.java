package dev.orchestrators.core.errors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A side effect whose outcome cannot be known: the remote system may or may not have acted (an SMTP
 * connection lost after {@code DATA}, an HTTP time-out after the request was sent to a system without
 * idempotency). Retrying it blindly could act twice, so it is not retried: the run fails with
 * {@code metadata.error.type} {@value #TYPE} and {@code metadata.details.outcome} {@code indeterminate}, naming
 * the idempotency key, so a person (or a reconciliation job) can check the remote system.
 */
public final class IndeterminateOutcomeException extends PermanentException {
    /** The failure type in envelopes and meters. */
    public static final String TYPE = "IndeterminateOutcome";
    private final String idempotencyKey;

    /**
     * @param idempotencyKey the key the side effect was attempted under ({@code null} when it had none)
     */
    public IndeterminateOutcomeException(String message, String idempotencyKey, Throwable cause) {
        super(TYPE, message, cause);
        this.idempotencyKey = idempotencyKey;
    }

    /** The idempotency key of the side effect whose outcome is unknown, or {@code null}. */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("outcome", "indeterminate");
        if (idempotencyKey != null) {
            details.put("idempotency_key", idempotencyKey);
        }
        return details;
    }
}
