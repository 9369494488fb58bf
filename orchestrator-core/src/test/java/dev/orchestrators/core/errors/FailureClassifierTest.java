package dev.orchestrators.core.errors;

import static dev.orchestrators.core.errors.FailureClass.PERMANENT;
import static dev.orchestrators.core.errors.FailureClass.TRANSIENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.tool.Capability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which failures are worth retrying. */
class FailureClassifierTest {
    private final FailureClassifier defaults = FailureClassifier.ofDefaults();

    /** A third-party library's throttling error. */
    static final class RateLimitedException extends RuntimeException {
    }

    /** A more specific throttling error. */
    static final class QuotaExceededException extends RuntimeException {
    }

    @Test
    void shouldLetAnOrchestratorExceptionCarryItsOwnClass() {
        assertThat(defaults.classify(new TransientException("busy"))).isEqualTo(TRANSIENT);
        assertThat(defaults.classify(new ToolTimeoutException("crm", Duration.ofSeconds(1)))).isEqualTo(TRANSIENT);
        assertThat(defaults.classify(new PermanentException("bad"))).isEqualTo(PERMANENT);
        assertThat(defaults.classify(new InvalidPayloadException("no lead_id"))).isEqualTo(PERMANENT);
        assertThat(defaults.classify(new CapabilityDeniedException("o", "t", Capability.SEND, Set.of(Capability.READ))))
                .isEqualTo(PERMANENT);
        assertThat(defaults.classify(new ConfigurationException("wrong"))).isEqualTo(PERMANENT);
        assertThat(defaults.classify(new ToolCallFailedException("crm", 3, TRANSIENT, new TransientException("x"))))
                .isEqualTo(TRANSIENT);
    }

    @Test
    void shouldTreatTimeoutsAndIoErrorsAsTransient() {
        assertThat(defaults.classify(new TimeoutException())).isEqualTo(TRANSIENT);
        assertThat(defaults.classify(new IOException("reset"))).isEqualTo(TRANSIENT);
        assertThat(defaults.classify(new SocketTimeoutException())).isEqualTo(TRANSIENT);
        assertThat(defaults.classify(new UncheckedIOException(new IOException("reset")))).isEqualTo(TRANSIENT);
    }

    @Test
    void shouldTreatArgumentAndStateErrorsAsPermanent() {
        assertThat(defaults.classify(new IllegalArgumentException())).isEqualTo(PERMANENT);
        assertThat(defaults.classify(new IllegalStateException())).isEqualTo(PERMANENT);
        assertThat(defaults.classify(new NullPointerException())).isEqualTo(PERMANENT);
        assertThat(defaults.classify(new ClassCastException())).isEqualTo(PERMANENT);
        assertThat(defaults.classify(new UnsupportedOperationException())).isEqualTo(PERMANENT);
    }

    @Test
    void shouldTreatAnUnknownFailureAsTransient() {
        assertThat(defaults.classify(new RuntimeException("who knows"))).isEqualTo(TRANSIENT);
        assertThat(defaults.classify(new RateLimitedException())).isEqualTo(TRANSIENT);
    }

    @Test
    void shouldClassifyTheCauseInsideFutureWrappers() {
        assertThat(defaults.classify(new CompletionException(new IllegalArgumentException()))).isEqualTo(PERMANENT);
        assertThat(defaults.classify(new ExecutionException(new PermanentException("bad")))).isEqualTo(PERMANENT);
        assertThat(defaults.classify(new CompletionException(new ExecutionException(new IllegalStateException()))))
                .isEqualTo(PERMANENT);
    }

    @Test
    void shouldUnwrapOnlyFutureWrappers() {
        IllegalArgumentException root = new IllegalArgumentException();
        RuntimeException other = new RuntimeException(root);

        assertThat(FailureClassifier.unwrap(new CompletionException(new ExecutionException(root)))).isSameAs(root);
        assertThat(FailureClassifier.unwrap(other)).isSameAs(other);
        CompletionException empty = new CompletionException("no cause", null);
        assertThat(FailureClassifier.unwrap(empty)).isSameAs(empty);
    }

    @Test
    void shouldClassifyAMappedTypeAndItsWrappedFormWithTheGivenClass() {
        // given
        FailureClassifier classifier = defaults.with(IllegalArgumentException.class, TRANSIENT);

        // then
        assertThat(classifier.classify(new IllegalArgumentException())).isEqualTo(TRANSIENT);
        assertThat(classifier.classify(new NumberFormatException())).as("a subclass").isEqualTo(TRANSIENT);
        assertThat(classifier.classify(new CompletionException(new IllegalArgumentException()))).isEqualTo(TRANSIENT);
        assertThat(classifier.classify(new IllegalStateException())).as("unmapped: defaults").isEqualTo(PERMANENT);
    }

    @Test
    void shouldLetTheLastStackedMappingWin() {
        // given
        FailureClassifier classifier = defaults
                .with(RuntimeException.class, PERMANENT)
                .with(RateLimitedException.class, TRANSIENT);

        // then
        assertThat(classifier.classify(new RateLimitedException())).isEqualTo(TRANSIENT);
        assertThat(classifier.classify(new QuotaExceededException())).isEqualTo(PERMANENT);
        assertThat(classifier.classify(new IOException())).as("not a RuntimeException").isEqualTo(TRANSIENT);
    }

    @Test
    void shouldNotChangeTheClassifierItWasDerivedFrom() {
        // when
        defaults.with(IllegalArgumentException.class, TRANSIENT);

        // then
        assertThat(defaults.classify(new IllegalArgumentException())).isEqualTo(PERMANENT);
    }
}
