package dev.orchestrators.tools.s3;

import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Classifies what the S3 client reports (into an {@link S3ArchiveException} for the archive, a transient or permanent
 * exception for the {@code s3-put} tool), from the client's own signals: the
 * exception type, the HTTP status and the S3 error code. Transient: retrying (appending again and syncing) may
 * succeed. Permanent: it will not until someone changes the configuration, the credentials or the bucket.
 *
 * <table>
 *   <caption>S3 failures</caption>
 *   <tr><th>signal</th><th>class</th><th>type</th></tr>
 *   <tr><td>{@code ApiCallTimeoutException}, {@code ApiCallAttemptTimeoutException} (the call's {@code timeout.ms})</td><td>transient</td><td>{@code Timeout}</td></tr>
 *   <tr><td>any other {@code SdkClientException}: connection refused or reset, DNS, I/O</td><td>transient</td><td>{@code ConnectionLost}</td></tr>
 *   <tr><td>503 {@code SlowDown}</td><td>transient</td><td>{@code SlowDown}</td></tr>
 *   <tr><td>429</td><td>transient</td><td>{@code TooManyRequests}</td></tr>
 *   <tr><td>400 {@code RequestTimeout}, 408</td><td>transient</td><td>{@code RequestTimeout}</td></tr>
 *   <tr><td>403 {@code RequestTimeTooSkewed}</td><td>transient</td><td>{@code ClockSkew}</td></tr>
 *   <tr><td>400 {@code ExpiredToken}, {@code TokenRefreshRequired}</td><td>transient</td><td>{@code ExpiredToken}</td></tr>
 *   <tr><td>409 ({@code ConditionalRequestConflict}, {@code OperationAborted}: a concurrent write of the same key)</td><td>transient</td><td>{@code Conflict}</td></tr>
 *   <tr><td>501 {@code NotImplemented} (a server without conditional writes)</td><td>permanent</td><td>{@code NotImplemented}</td></tr>
 *   <tr><td>any other 5xx ({@code InternalError}, 502, 503, 504)</td><td>transient</td><td>{@code Unavailable}</td></tr>
 *   <tr><td>403 ({@code AccessDenied}, {@code SignatureDoesNotMatch}, {@code InvalidAccessKeyId}, ...)</td><td>permanent</td><td>{@code AccessDenied}</td></tr>
 *   <tr><td>404 {@code NoSuchBucket}</td><td>permanent</td><td>{@code NoSuchBucket}</td></tr>
 *   <tr><td>any other 4xx ({@code InvalidRequest}, {@code InvalidArgument}, {@code KeyTooLongError}, ...)</td><td>permanent</td><td>{@code InvalidRequest}</td></tr>
 *   <tr><td>anything else</td><td>transient</td><td>the exception's simple class name</td></tr>
 * </table>
 * 412 {@code PreconditionFailed} on a conditional PUT is not a failure: the object exists, written by an earlier
 * attempt ({@link #alreadyExists}). Messages carry the status, the error code and S3's own message, never a
 * credential. Stateless and thread-safe.
 */
final class S3Failures {
    private static final Set<String> TOKEN_CODES = Set.of("ExpiredToken", "TokenRefreshRequired");

    private S3Failures() {
    }

    /** Whether {@code failure} is a conditional PUT's 412: the object is there already. */
    static boolean alreadyExists(Throwable failure) {
        return failure instanceof SdkServiceException e && e.statusCode() == 412;
    }

    /** Whether {@code failure} is a 404 without an error code (a HEAD's answer for a missing object). */
    static boolean isNotFound(Throwable failure) {
        return failure instanceof SdkServiceException e && e.statusCode() == 404 && errorCode(e).isEmpty()
                || failure instanceof software.amazon.awssdk.services.s3.model.NoSuchKeyException;
    }

    /** {@code failure} without the wrappers futures add. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** What went wrong, classified: the stable type, whether it is permanent, and what to tell the user. */
    record Failure(String type, boolean permanent, String what, Throwable cause) {
        String describe(String subject) {
            return subject + " failed, " + (permanent ? "permanent (" + type + "), retrying will not help: "
                    : "transient (" + type + "), retrying may succeed: ") + what;
        }
    }

    /** The archive's failure of {@code action} (for example {@code "PUT of archive/run-1/x.jsonl.gz"}). */
    static S3ArchiveException classify(Throwable failure, String action) {
        if (failure instanceof S3ArchiveException e) {
            return e;
        }
        Failure f = of(failure, S3ArchiveSettings.PREFIX);
        return new S3ArchiveException(f.type(), f.permanent(), f.describe("archive " + action), f.cause());
    }

    /** A tool's failure of {@code action}: a transient or permanent exception of the failure's type. */
    static OrchestratorException forTool(Throwable failure, String tool, String action) {
        Failure f = of(failure, "tool." + tool + ".");
        String message = f.describe("tool '" + tool + "' " + action);
        return f.permanent() ? new PermanentException(f.type(), message, f.cause())
                : new TransientException(f.type(), message, f.cause());
    }

    /**
     * {@code failure} classified by the table in the class comment; {@code keyPrefix} ({@code archive.s3.} or
     * {@code tool.<name>.}) names the settings a hint points at.
     */
    static Failure of(Throwable failure, String keyPrefix) {
        if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) {
            return new Failure("Timeout", false, "no answer within " + keyPrefix + "timeout.ms", failure);
        }
        if (failure instanceof SdkClientException) {
            return new Failure("ConnectionLost", false, "S3 could not be reached: " + failure.getMessage(), failure);
        }
        if (failure instanceof SdkServiceException e) {
            return service(e, keyPrefix);
        }
        return new Failure(failure.getClass().getSimpleName(), false, String.valueOf(failure.getMessage()), failure);
    }

    private static Failure service(SdkServiceException e, String keyPrefix) {
        int status = e.statusCode();
        String code = errorCode(e);
        String what = status + (code.isEmpty() ? "" : " " + code) + serverMessage(e);
        if ("SlowDown".equals(code)) {
            return new Failure("SlowDown", false, what, e);
        }
        if (status == 429) {
            return new Failure("TooManyRequests", false, what, e);
        }
        if ("RequestTimeout".equals(code) || status == 408) {
            return new Failure("RequestTimeout", false, what, e);
        }
        if ("RequestTimeTooSkewed".equals(code)) {
            return new Failure("ClockSkew", false, what + " (this machine's clock is off)", e);
        }
        if (TOKEN_CODES.contains(code)) {
            return new Failure("ExpiredToken", false, what + " (the credentials provider refreshes it)", e);
        }
        if (status == 409) {
            return new Failure("Conflict", false, what, e);
        }
        if (status == 501) {
            return new Failure("NotImplemented", true, what + "; a server without conditional writes needs "
                    + keyPrefix + "conditional.writes=false", e);
        }
        if (status >= 500) {
            return new Failure("Unavailable", false, what, e);
        }
        if (status == 403) {
            return new Failure("AccessDenied", true, what + "; check " + keyPrefix + "access.key.id, " + keyPrefix
                    + "secret.access.key and the bucket's policy", e);
        }
        if (status == 404 && (code.isEmpty() || "NoSuchBucket".equals(code))) {
            return new Failure("NoSuchBucket", true, what + "; check " + keyPrefix + "bucket", e);
        }
        if (status >= 400) {
            return new Failure("InvalidRequest", true, what, e);
        }
        return new Failure("Unexpected" + status, false, what, e);
    }

    private static String errorCode(SdkServiceException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return "";
    }

    private static String serverMessage(SdkServiceException e) {
        String message = e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                ? aws.awsErrorDetails().errorMessage() : null;
        return message == null || message.isBlank() ? "" : ": " + S3ArchiveStore.shorten(message);
    }
}
