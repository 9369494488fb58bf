package dev.orchestrators.core.kinds.validator;

import dev.orchestrators.core.errors.PermanentException;

/**
 * A validator rule could not reach a verdict: its check threw or returned {@code null}, or its tool answered
 * without what the verdict needs (a numeric score). Permanent: a validator never lets a request through
 * because a rule broke, and retrying the same rule on the same payload breaks it the same way.
 */
public final class RuleFailedException extends PermanentException {
    private final String rule;

    RuleFailedException(String rule, String problem, Throwable cause) {
        super("RuleFailed", "rule '" + rule + "' failed: " + problem, cause);
        this.rule = rule;
    }

    /** The name of the rule that failed. */
    public String rule() {
        return rule;
    }
}
