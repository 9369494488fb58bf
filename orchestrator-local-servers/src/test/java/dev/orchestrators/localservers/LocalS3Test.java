package dev.orchestrators.localservers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** S3Proxy in this JVM: loopback only, key files of its own, a bucket, and a stop/start that keeps the objects. */
class LocalS3Test {

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void shouldServeOnLoopbackWithKeyFilesOnlyItsOwnerCanRead() throws IOException {
        Assumptions.assumeTrue(LocalS3.unavailableReason().isEmpty(), () -> LocalS3.unavailableReason().orElseThrow());
        try (LocalS3 s3 = LocalS3.startTemporary()) {
            assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(accepts(s3.port())).isTrue();
            assertThat(Files.readString(s3.accessKeyIdFile())).startsWith("AKIA");
            assertThat(Files.getPosixFilePermissions(s3.secretAccessKeyFile()))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(s3.keys()).isEmpty();
            assertThat(s3.toString()).doesNotContain(Files.readString(s3.secretAccessKeyFile()).trim());
        }
    }

    @Test
    void shouldComeBackOnTheSamePortAfterAStop() {
        Assumptions.assumeTrue(LocalS3.unavailableReason().isEmpty(), () -> LocalS3.unavailableReason().orElseThrow());
        try (LocalS3 s3 = LocalS3.startTemporary()) {
            int port = s3.port();
            s3.stop();
            assertThat(accepts(port)).isFalse();
            s3.start();
            assertThat(s3.port()).isEqualTo(port);
            assertThat(accepts(port)).isTrue();
        }
    }

    @Test
    void shouldNotListTheFileAnUploadWritesBeforeItBecomesTheObject() throws IOException {
        Assumptions.assumeTrue(LocalS3.unavailableReason().isEmpty(), () -> LocalS3.unavailableReason().orElseThrow());
        try (LocalS3 s3 = LocalS3.startTemporary()) {
            // given an object, and the back end's file of an upload still under way (<key>-<uuid>, renamed when done)
            Path bucket = s3.dataDirectory().resolve(s3.bucket());
            Files.write(bucket.resolve("batch-1.jsonl.gz"), new byte[] {1});
            Files.write(bucket.resolve("batch-2.jsonl.gz-fc9334fb-1287-4d2e-9b36-30621e686a37"), new byte[] {1});

            // when the bucket is listed, then only the object is there
            assertThat(s3.keys()).containsExactly("batch-1.jsonl.gz");
        }
    }
}
