package dev.orchestrators.core.audit;

/** What an audit entry records. */
public enum AuditKind {
    /** The final envelope of a run, success or failure. */
    ENVELOPE,
    /** The outcome of one delivery attempt (sent, skipped as duplicate, disabled). */
    DELIVERY,
    /** A tool call refused because the orchestrator lacked the tool's capability. */
    CAPABILITY_REFUSED,
    /**
     * A validator's verdict on a run: {@code passed}, or {@code blocked} with the rule and the reason; one per run
     * and validator (the subject is the validator's name).
     */
    VALIDATION
}
