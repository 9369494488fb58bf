package dev.orchestrators.tools.s3;

import dev.orchestrators.localservers.LocalS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Tests that run on a real S3 server (S3Proxy in this JVM, one per test class) through one client of it; skipped,
 * saying what to install, where S3Proxy is not on the class path. A test that stops the server starts it again.
 */
abstract class OnLocalS3 {
    static LocalS3 s3;
    static S3AsyncClient client;

    @BeforeAll
    static void startServer() {
        s3 = LocalS3Archive.start();
        client = S3ArchiveStore.newClient(S3ArchiveSettings.from(LocalS3Archive.settings(s3)));
    }

    @AfterAll
    static void stopServer() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }
}
