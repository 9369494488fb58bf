package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.kinds.router.RouteDecision;
import dev.orchestrators.core.kinds.saga.CompensationPlan;
import dev.orchestrators.core.retry.RetryDeferredException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How one attempt of a run ended, as data: {@link Orchestrator#attempt} returns it and a runtime matches it
 * exhaustively through {@link #match}. Immutable.
 *
 * <ul>
 *   <li>{@link Answered}: the run has its final envelope (OK, PARTIAL, BLOCKED, DISABLED or FAILED), audited.</li>
 *   <li>{@link Routed}: a root router under {@link ExecutionOptions#handOff()} chose a sub-flow; the runtime passes
 *       the request on and the sub-flow answers.</li>
 *   <li>{@link CompensationRequired}: a root saga under hand-off failed after earlier steps changed the world; the
 *       runtime runs the plan's compensations durably and answers when the last one is recorded.</li>
 *   <li>{@link Deferred}: a tool's retry back-off is longer than {@link ExecutionOptions#maxInMemoryBackoff()}; the
 *       runtime parks the run durably and attempts it again after the delay.</li>
 *   <li>{@link Failed}: the run broke without an envelope (an orchestrator that broke its contract, an audit store
 *       that could not write); the runtime dead-letters the request.</li>
 * </ul>
 *
 * <p>Only {@code Answered} and {@code Failed} end an in-process run; the others hand work to a runtime. A tool's
 * failure is not a {@code Failed} outcome: it ends in an {@code Answered} envelope with status FAILED.
 */
public sealed interface RunOutcome {

    /** Calls the case of {@code cases} that matches this outcome. */
    <T> T match(Cases<T> cases);

    /** The run's final envelope: its own when {@link Answered}, else {@code null}. */
    default Envelope envelopeOrNull() {
        return null;
    }

    /**
     * This outcome as an in-process caller sees it: the envelope of an {@link Answered} run; a {@link Deferred} one
     * fails with {@link RetryDeferredException}, a {@link Failed} one with its failure, a hand-off with an
     * {@link IllegalStateException} (only a runtime asks for hand-offs, and it calls {@link Orchestrator#attempt}).
     */
    default CompletionStage<Envelope> toEnvelopeStage() {
        return match(new Cases<>() {
            @Override
            public CompletionStage<Envelope> answered(Answered answered) {
                return CompletableFuture.completedFuture(answered.envelope());
            }

            @Override
            public CompletionStage<Envelope> routed(Routed routed) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "the run was routed to flow " + routed.decision().flow() + " for a runtime to continue; call attempt()"));
            }

            @Override
            public CompletionStage<Envelope> compensationRequired(CompensationRequired required) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "the saga run needs its compensations run by a runtime; call attempt()"));
            }

            @Override
            public CompletionStage<Envelope> deferred(Deferred deferred) {
                return CompletableFuture.failedFuture(deferred.toException());
            }

            @Override
            public CompletionStage<Envelope> failed(Failed failed) {
                return CompletableFuture.failedFuture(failed.failure());
            }
        });
    }

    /** One method per outcome: adding an outcome breaks every match that does not handle it. */
    interface Cases<T> {
        T answered(Answered answered);

        T routed(Routed routed);

        T compensationRequired(CompensationRequired required);

        T deferred(Deferred deferred);

        T failed(Failed failed);
    }

    /** The run ended with {@code envelope}, which its orchestrator has audited. */
    record Answered(Envelope envelope) implements RunOutcome {
        public Answered {
            Objects.requireNonNull(envelope, "envelope");
        }

        @Override
        public <T> T match(Cases<T> cases) {
            return cases.answered(this);
        }

        @Override
        public Envelope envelopeOrNull() {
            return envelope;
        }
    }

    /** A root router chose {@code decision} (always a matched one); the chosen sub-flow answers the run. */
    record Routed(RouteDecision decision) implements RunOutcome {
        public Routed {
            Objects.requireNonNull(decision, "decision");
            if (!decision.matched()) {
                throw new IllegalArgumentException("an unmatched decision ends in a FAILED envelope, not a route");
            }
        }

        @Override
        public <T> T match(Cases<T> cases) {
            return cases.routed(this);
        }
    }

    /** A root saga's step failed after others succeeded: {@code plan} says what to undo, in order. */
    record CompensationRequired(CompensationPlan plan) implements RunOutcome {
        public CompensationRequired {
            Objects.requireNonNull(plan, "plan");
        }

        @Override
        public <T> T match(Cases<T> cases) {
            return cases.compensationRequired(this);
        }
    }

    /**
     * The run stops now and is attempted again after {@code delay}, starting {@code tool} of {@code step} at attempt
     * {@code nextAttempt}.
     */
    record Deferred(Duration delay, String step, String tool, int nextAttempt) implements RunOutcome {
        public Deferred {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(tool, "tool");
        }

        /** The deferral a tool's retry asked for. */
        public static Deferred of(RetryDeferredException deferred) {
            return new Deferred(deferred.delay(), deferred.step(), deferred.tool(), deferred.nextAttempt());
        }

        /** As the exception an in-process caller of {@link Orchestrator#execute} sees. */
        public RetryDeferredException toException() {
            return new RetryDeferredException(delay, step, tool, nextAttempt);
        }

        @Override
        public <T> T match(Cases<T> cases) {
            return cases.deferred(this);
        }
    }

    /** The run broke without an envelope; {@code failure} says why. */
    record Failed(Throwable failure) implements RunOutcome {
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }

        @Override
        public <T> T match(Cases<T> cases) {
            return cases.failed(this);
        }
    }
}
