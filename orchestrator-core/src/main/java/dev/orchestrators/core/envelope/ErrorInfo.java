package dev.orchestrators.core.envelope;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orchestrators.core.errors.FailureClass;
import java.util.Objects;

/**
 * Why a run failed: {@code metadata.error}.
 *
 * @param failureClass transient or permanent ({@code class} on the wire)
 * @param type         stable failure type, e.g. {@code ToolTimeout}, {@code CapabilityDenied}
 * @param message      human-readable explanation
 * @param step         the step that failed, or {@code null} when the run failed before any step
 * @param retryable    whether a later retry of the whole run may succeed
 */
public record ErrorInfo(
        @JsonProperty("class") FailureClass failureClass,
        @JsonProperty("type") String type,
        @JsonProperty("message") String message,
        @JsonProperty("step") String step,
        @JsonProperty("retryable") boolean retryable) {

    public ErrorInfo {
        Objects.requireNonNull(failureClass, "failureClass");
        Objects.requireNonNull(type, "type");
        message = message == null ? "" : message;
    }

    public static ErrorInfo of(FailureClass failureClass, String type, String message, String step) {
        return new ErrorInfo(failureClass, type, message, step, failureClass == FailureClass.TRANSIENT);
    }
}
