package dev.orchestrators.core.audit;

/** What an audit entry records. */
public enum AuditKind {
    /** The final envelope of a run, success or failure. */
    ENVELOPE,
    /** The outcome of one delivery attempt (sent, skipped as duplicate, disabled). */
    DELIVERY,
    /** A tool call refused because the orchestrator lacked the tool's capability. */
    CAPABILITY_REFUSED,
    /** The outcome of one executor side effect (performed, repeated, disabled), with its id and compensator. */
    SIDE_EFFECT,
    /** A router's decision: the route and sub-flow chosen, or that none matched, and why. */
    ROUTE,
    /** A saga step undone: the compensator run, its outcome and the compensation id. */
    COMPENSATION,
    /** A follow-up job scheduled, cancelled or emitted by a scheduler. */
    SCHEDULED_JOB,
    /**
     * A validator's verdict on a run: {@code passed}, or {@code blocked} with the rule and the reason; one per run
     * and validator (the subject is the validator's name).
     */
    VALIDATION
}
