package dev.orchestrators.broker;

/** How a failure of the broker is told in one message: its cause chain, and whether some cause is of a given type. */
final class Causes {
    private static final int MAX_DESCRIBED = 5;
    private static final int MAX_SEARCHED = 10;

    private Causes() {
    }

    /** {@code t} and up to five of its causes, as {@code "t; caused by c1; caused by c2"}. */
    static String describe(Throwable t) {
        StringBuilder message = new StringBuilder(String.valueOf(t));
        Throwable cause = t.getCause();
        for (int depth = 0; cause != null && depth < MAX_DESCRIBED; depth++, cause = cause.getCause()) {
            message.append("; caused by ").append(cause);
        }
        return message.toString();
    }

    /** Whether {@code t} or one of its first causes is a {@code type}. */
    static boolean contains(Throwable t, Class<? extends Throwable> type) {
        Throwable cause = t;
        for (int depth = 0; cause != null && depth < MAX_SEARCHED; depth++, cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
