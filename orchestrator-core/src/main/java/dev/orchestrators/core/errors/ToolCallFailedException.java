package dev.orchestrators.core.errors;

/**
 * A tool call that failed for good: permanently, or transiently after its last attempt. Its
 * {@link #failureClass()} is the classifier's verdict on the last failure; {@link #type()} is the type
 * of that failure, so envelopes say {@code ToolTimeout} or {@code CapabilityDenied} rather than this class.
 */
public final class ToolCallFailedException extends OrchestratorException {
    private final String tool;
    private final int attempts;
    private final FailureClass failureClass;

    public ToolCallFailedException(String tool, int attempts, FailureClass failureClass, Throwable cause) {
        super(typeOf(cause), "tool '" + tool + "' failed " + failureClass.wireName() + "ly after " + attempts
                + (attempts == 1 ? " attempt: " : " attempts: ") + cause.getMessage(), cause);
        this.tool = tool;
        this.attempts = attempts;
        this.failureClass = failureClass;
    }

    private static String typeOf(Throwable cause) {
        return cause instanceof OrchestratorException oe ? oe.type() : cause.getClass().getSimpleName();
    }

    public String tool() {
        return tool;
    }

    public int attempts() {
        return attempts;
    }

    @Override
    public FailureClass failureClass() {
        return failureClass;
    }

    /** What the last failure reports (an indeterminate outcome names its idempotency key). */
    @Override
    public java.util.Map<String, Object> details() {
        return getCause() instanceof OrchestratorException oe ? oe.details() : java.util.Map.of();
    }
}
