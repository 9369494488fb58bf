package dev.orchestrators.core.kinds.transformer;

import java.util.Locale;

/** What a {@link Transformer} does with a record that fails validation. */
public enum InvalidRecordPolicy {
    /** Leave it out of the envelope; the validation report still names it and its reasons. */
    DROP,
    /**
     * Keep it, with its reasons in a {@code validation_errors} field and a {@code rejected} provenance entry,
     * so a later step (or a person) can decide.
     */
    ANNOTATE;

    /** The name in the validation report: {@code drop} or {@code annotate}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
