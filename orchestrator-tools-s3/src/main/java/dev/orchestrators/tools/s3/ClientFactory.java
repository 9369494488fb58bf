package dev.orchestrators.tools.s3;

import dev.orchestrators.core.config.Secret;
import dev.orchestrators.core.errors.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;

/**
 * Builds the {@link S3AsyncClient} an {@link S3ArchiveStore} or an {@link S3PutTool} writes through: Netty, a bounded
 * connection pool, {@code timeout.ms} for each whole call, and no SDK retries (the caller's retry policy is the one
 * retry loop, so a failure surfaces within one time-out and is classified once). Checksums are computed
 * only where S3 requires them, and every PUT carries a {@code Content-MD5}, which every S3-compatible server checks
 * (the SDK's newer default trailing checksums are not understood by all of them).
 */
final class ClientFactory {
    private ClientFactory() {
    }

    /**
     * @throws ConfigurationException when a configured secret cannot be read (naming its reference, never its value)
     */
    static S3AsyncClient create(S3ArchiveSettings settings) {
        return create(new Options(settings.region(), settings.endpoint(), settings.pathStyle(), settings.accessKeyId(),
                settings.secretAccessKey(), settings.timeout(), settings.maxConcurrent(), 10_000));
    }

    /** What a client is made from: where S3 is, how to sign, and how long and how many calls may take. */
    record Options(String region, Optional<URI> endpoint, boolean pathStyle, Secret accessKeyId, Secret secretAccessKey,
                   Duration timeout, int connections, int pendingAcquires) {
    }

    /**
     * @throws ConfigurationException when a configured secret cannot be read (naming its reference, never its value)
     */
    static S3AsyncClient create(Options settings) {
        Duration timeout = settings.timeout();
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .maxConcurrency(settings.connections())
                .maxPendingConnectionAcquires(settings.pendingAcquires())
                .connectionTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
                .connectionAcquisitionTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout);
        S3AsyncClientBuilder builder = S3AsyncClient.builder()
                .httpClientBuilder(http)
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials(settings))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallTimeout(timeout).retryStrategy(AwsRetryStrategy.doNotRetry()));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** A daemon thread that starts calls, so the SDK signs and resolves credentials off the caller's thread. */
    static Executor starterThread(String name) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private static AwsCredentialsProvider credentials(Options settings) {
        Secret id = settings.accessKeyId();
        Secret secret = settings.secretAccessKey();
        if (!id.isPresent()) {
            return DefaultCredentialsProvider.builder().build();
        }
        id.reveal(); // fail at start-up, naming the reference, when a secret cannot be read
        secret.reveal();
        return new SecretCredentials(id, secret);
    }

    /** Reads both secrets each time the SDK asks, so a rotated file is used by the next request. */
    private record SecretCredentials(Secret id, Secret secret) implements AwsCredentialsProvider {
        @Override
        public AwsBasicCredentials resolveCredentials() {
            return AwsBasicCredentials.create(id.reveal(), secret.reveal());
        }

        @Override
        public String toString() {
            return "SecretCredentials[" + id.reference() + ", " + secret.reference() + "]";
        }
    }
}
