package dev.orchestrators.tools.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.FailureClassifier;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** One test per row of the table in {@link S3Failures}. */
class S3FailuresTest {

    private static S3Exception s3(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status).message("server said no")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("server said no").serviceName("S3").build())
                .build();
    }

    private static S3ArchiveException classify(Throwable failure) {
        return S3Failures.classify(failure, "PUT of p/x.jsonl.gz");
    }

    private static void assertTransient(S3ArchiveException e, String type) {
        assertThat(e.isPermanent()).isFalse();
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.getMessage()).contains("transient (" + type + ")", "p/x.jsonl.gz");
    }

    private static void assertPermanent(S3ArchiveException e, String type) {
        assertThat(e.isPermanent()).isTrue();
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.getMessage()).contains("permanent (" + type + "), retrying will not help");
    }

    @Test
    void shouldTreatTheCallTimeOutAsTransient() {
        assertTransient(classify(ApiCallTimeoutException.create(1000)), "Timeout");
        assertTransient(classify(ApiCallAttemptTimeoutException.create(1000)), "Timeout");
    }

    @Test
    void shouldTreatAConnectionFailureAsTransient() {
        assertTransient(classify(SdkClientException.builder().message("Unable to execute HTTP request: Connection refused")
                .cause(new ConnectException("Connection refused")).build()), "ConnectionLost");
    }

    @Test
    void shouldTreatSlowDownAsTransient() {
        assertTransient(classify(s3(503, "SlowDown")), "SlowDown");
    }

    @Test
    void shouldTreat429AsTransient() {
        assertTransient(classify(s3(429, "TooManyRequests")), "TooManyRequests");
    }

    @Test
    void shouldTreatRequestTimeoutAsTransient() {
        assertTransient(classify(s3(400, "RequestTimeout")), "RequestTimeout");
        assertTransient(classify(s3(408, "")), "RequestTimeout");
    }

    @Test
    void shouldTreatClockSkewAsTransient() {
        assertTransient(classify(s3(403, "RequestTimeTooSkewed")), "ClockSkew");
    }

    @Test
    void shouldTreatAnExpiredTokenAsTransient() {
        assertTransient(classify(s3(400, "ExpiredToken")), "ExpiredToken");
    }

    @Test
    void shouldTreatAConflictingConcurrentWriteAsTransient() {
        assertTransient(classify(s3(409, "ConditionalRequestConflict")), "Conflict");
    }

    @Test
    void shouldTreatNotImplementedAsPermanentAndNameTheKeyThatAvoidsIt() {
        S3ArchiveException e = classify(s3(501, "NotImplemented"));
        assertPermanent(e, "NotImplemented");
        assertThat(e.getMessage()).contains("archive.s3.conditional.writes=false");
    }

    @Test
    void shouldTreatServerErrorsAsTransient() {
        assertTransient(classify(s3(500, "InternalError")), "Unavailable");
        assertTransient(classify(s3(502, "")), "Unavailable");
        assertTransient(classify(s3(504, "")), "Unavailable");
    }

    @Test
    void shouldTreatAccessDeniedAsPermanent() {
        assertPermanent(classify(s3(403, "AccessDenied")), "AccessDenied");
        assertPermanent(classify(s3(403, "SignatureDoesNotMatch")), "AccessDenied");
        assertPermanent(classify(s3(403, "InvalidAccessKeyId")), "AccessDenied");
    }

    @Test
    void shouldTreatAMissingBucketAsPermanent() {
        assertPermanent(classify(s3(404, "NoSuchBucket")), "NoSuchBucket");
    }

    @Test
    void shouldTreatOtherClientErrorsAsPermanent() {
        assertPermanent(classify(s3(400, "InvalidRequest")), "InvalidRequest");
        assertPermanent(classify(s3(400, "KeyTooLongError")), "InvalidRequest");
    }

    @Test
    void shouldTreatAnythingElseAsTransientNamedByItsClass() {
        assertTransient(classify(new IOException("disk")), "IOException");
    }

    @Test
    void shouldCountA412AsAlreadyWritten() {
        assertThat(S3Failures.alreadyExists(s3(412, "PreconditionFailed"))).isTrue();
        assertThat(S3Failures.alreadyExists(s3(409, "ConditionalRequestConflict"))).isFalse();
    }

    @Test
    void shouldBeClassifiedPermanentByTheDefaultClassifierWhenARetryCannotHelp() {
        FailureClassifier classifier = FailureClassifier.ofDefaults();
        assertThat(classifier.classify(classify(s3(404, "NoSuchBucket")))).isEqualTo(FailureClass.PERMANENT);
        assertThat(classifier.classify(classify(s3(503, "SlowDown")))).isEqualTo(FailureClass.TRANSIENT);
    }
}
