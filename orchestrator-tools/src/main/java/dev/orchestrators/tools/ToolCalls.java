package dev.orchestrators.tools;

import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.tool.ToolCall;

/** What adapters read from a {@link ToolCall} the same way. */
public final class ToolCalls {
    /** The argument the runtime hands WRITE and SEND tools their idempotency key in. */
    public static final String IDEMPOTENCY_KEY = "idempotency_key";

    private ToolCalls() {
    }

    /**
     * The call's idempotency key.
     *
     * @throws PermanentException {@code MissingIdempotencyKey} when the call has none: a side effect without one
     *                            could be performed twice by a retry, so it is refused
     */
    public static String requireIdempotencyKey(ToolCall call) {
        Object key = call.argument(IDEMPOTENCY_KEY);
        if (key == null || key.toString().isBlank()) {
            throw new PermanentException("MissingIdempotencyKey", "tool '" + call.tool() + "' performs a side effect and "
                    + "needs an idempotency_key argument (the runtime adds it to calls made through performOnce)", null);
        }
        return key.toString();
    }

    /** A refusal of hostile input: permanent, saying what was refused and why. */
    public static PermanentException refused(String tool, String what) {
        return new PermanentException("InputRefused", "tool '" + tool + "' refused the call: " + what, null);
    }
}
