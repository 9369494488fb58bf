package dev.orchestrators.core.errors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Decides whether a failure is transient or permanent. Pluggable per orchestrator, so adapters for
 * third-party libraries can map their own exceptions (an HTTP 503 to transient, a 400 to permanent).
 *
 * <p>{@link #ofDefaults()}: an {@link OrchestratorException} carries its own class; time-outs and I/O
 * errors are transient; argument and state errors are permanent; anything else unknown is transient
 * until the retry budget runs out.
 */
@FunctionalInterface
public interface FailureClassifier {

    FailureClass classify(Throwable failure);

    /** The default classification described in the type's javadoc. */
    static FailureClassifier ofDefaults() {
        return failure -> {
            Throwable cause = unwrap(failure);
            if (cause instanceof OrchestratorException oe) {
                return oe.failureClass();
            }
            if (cause instanceof TimeoutException || cause instanceof IOException || cause instanceof UncheckedIOException) {
                return FailureClass.TRANSIENT;
            }
            if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException
                    || cause instanceof NullPointerException || cause instanceof ClassCastException
                    || cause instanceof UnsupportedOperationException) {
                return FailureClass.PERMANENT;
            }
            return FailureClass.TRANSIENT;
        };
    }

    /**
     * A classifier that puts {@code type} (and its subclasses) in {@code failureClass} and asks
     * {@code this} for everything else. Stack them to map a third-party library's exceptions.
     */
    default FailureClassifier with(Class<? extends Throwable> type, FailureClass failureClass) {
        return failure -> type.isInstance(unwrap(failure)) ? failureClass : classify(failure);
    }

    /** Strips the wrappers that futures add around the real cause. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
