package dev.orchestrators.core.envelope;

/** The outcome of one run, as {@code metadata.status}. */
public enum RunStatus {
    /** Every step completed. */
    OK,
    /** Some sources or records failed but the rest is usable ({@code metadata.partial = true}). */
    PARTIAL,
    /** A validator short-circuited the flow ({@code metadata.blocked = true}, with a reason). */
    BLOCKED,
    /** A gate (such as {@code allow_delivery}) was off: nothing was sent; {@code metadata.reason} says why. */
    DISABLED,
    /** A permanent failure, or a transient one after the last attempt; {@code metadata.error} says which. */
    FAILED
}
