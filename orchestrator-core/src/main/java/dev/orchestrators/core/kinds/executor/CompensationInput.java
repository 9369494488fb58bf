package dev.orchestrators.core.kinds.executor;

import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.ledger.SideEffect;
import java.util.Objects;

/**
 * What an executor's compensator is built from when a saga undoes its side effect. Immutable.
 *
 * @param runId   the run whose side effect is undone
 * @param effect  the side effect as recorded in the ledger (its {@code id} is what the compensator removes)
 * @param payload the run's payload
 */
public record CompensationInput(String runId, SideEffect effect, Payload payload) {

    public CompensationInput {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(payload, "payload");
    }
}
