package dev.orchestrators.core.ledger;

import java.util.Objects;

/**
 * What side effects a run has performed, by idempotency key, so that a repeated attempt (a retried or
 * resumed run, a redelivered request, a run recomputed by another instance) never performs one twice.
 * Deliveries, executors and compensators {@link #claim} a key before calling their tool and
 * {@link #recorded record} the outcome after it.
 *
 * <p>The Kafka runtime keeps the ledger in a changelogged window store co-partitioned with the requests,
 * so whichever instance runs the request next sees what was recorded; entries expire after a retention.
 * A crash between the tool call and its record is not covered by the ledger: that is what the idempotency
 * key handed to the tool is for.
 *
 * <p>Implementations must be thread-safe; {@link #claim} is atomic per key. {@code SideEffectLedgerContractTest}
 * (core's test-jar) is the contract every implementation runs.
 */
public interface SideEffectLedger {

    /**
     * Claims {@code key} of run {@code runId} for performing its side effect.
     *
     * @return {@link Claim#granted()} if the caller now owns the key and may perform the side effect,
     *         {@link Claim#done} with the recorded effect if it was performed already, or
     *         {@link Claim#inFlight()} while another attempt holds the claim
     */
    Claim claim(String runId, String key);

    /** Records that the side effect claimed under {@code effect.key()} was performed. */
    void recorded(String runId, SideEffect effect);

    /** Releases a claim whose side effect failed, so a later attempt may perform it; never undoes a recorded one. */
    void released(String runId, String key);

    /** The side effect recorded under {@code key} for run {@code runId}, without claiming anything. */
    java.util.Optional<SideEffect> find(String runId, String key);

    /** The answer to a {@link #claim}. */
    record Claim(State state, SideEffect effect) {
        public enum State { GRANTED, DONE, IN_FLIGHT }

        public Claim {
            Objects.requireNonNull(state, "state");
            if ((state == State.DONE) != (effect != null)) {
                throw new IllegalArgumentException("exactly a DONE claim carries the recorded effect");
            }
        }

        public static Claim granted() {
            return new Claim(State.GRANTED, null);
        }

        public static Claim done(SideEffect effect) {
            return new Claim(State.DONE, effect);
        }

        public static Claim inFlight() {
            return new Claim(State.IN_FLIGHT, null);
        }
    }
}
