package dev.orchestrators.core.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * A side effect that happened: a delivery sent, a CRM record created, an access grant revoked. Immutable.
 *
 * @param key  the idempotency key it was performed under (also handed to the tool)
 * @param id   the id the receiving system gave it (delivery id, CRM record id)
 * @param tool the tool that performed it
 * @param at   when it was recorded
 */
public record SideEffect(
        @JsonProperty("key") String key,
        @JsonProperty("id") String id,
        @JsonProperty("tool") String tool,
        @JsonProperty("at") Instant at) {

    public SideEffect {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(at, "at");
    }
}
