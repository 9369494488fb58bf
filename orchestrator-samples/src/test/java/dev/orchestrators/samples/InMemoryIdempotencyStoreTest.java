package dev.orchestrators.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryIdempotencyStoreTest {
    private final IdempotencyStore store = IdempotencyStore.inMemory();
    private final AtomicInteger actions = new AtomicInteger();

    private String act() {
        return "answer-" + actions.incrementAndGet();
    }

    @Test
    void actsOncePerKeyAndAnswersRepeatsWithTheFirstAnswer() {
        assertThat(store.once("k1", "lead-1", this::act)).isEqualTo("answer-1");
        assertThat(store.once("k1", "lead-1", this::act)).isEqualTo("answer-1");

        assertThat(actions).hasValue(1);
        assertThat(store.performed()).isEqualTo(1);
        assertThat(store.repeats()).isEqualTo(1);
        assertThat(store.duplicatedEffects()).isZero();
    }

    @Test
    void countsAnEntityChangedTwiceUnderTwoKeysAsADuplicatedEffect() {
        store.once("k1", "lead-1", this::act);
        store.once("k2", "lead-1", this::act);

        assertThat(store.duplicatedEffects()).isEqualTo(1);
    }

    @Test
    void anActionThatFailsIsNotRememberedSoALaterCallMayTryAgain() {
        try {
            store.once("k1", "lead-1", () -> {
                throw new IllegalStateException("vendor down");
            });
        } catch (IllegalStateException expected) {
            // the caller sees the failure
        }
        assertThat(store.once("k1", "lead-1", this::act)).isEqualTo("answer-1");
        assertThat(store.performed()).isEqualTo(1);
    }

    @Test
    void remembersAWindowOfRecentKeysNotEveryKeyForever() {
        store.once("first", "entity-first", this::act);
        for (int i = 0; i < 100_000; i++) {
            store.once("k" + i, "entity-" + i, this::act);
        }

        // the oldest key fell out of the window: acting on it again is a new action, as at a vendor after its retention
        store.once("first", "entity-again", this::act);
        assertThat(store.performed()).isEqualTo(100_002);
        assertThat(store.repeats()).isZero();
        // a recent key is still remembered
        store.once("k99999", "entity-99999", this::act);
        assertThat(store.repeats()).isEqualTo(1);
    }
}
