package dev.orchestrators.tools.s3;

import static dev.orchestrators.tools.s3.LocalS3Archive.entries;
import static dev.orchestrators.tools.s3.LocalS3Archive.entry;
import static dev.orchestrators.tools.s3.LocalS3Archive.objects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.orchestrators.core.kinds.archiver.ArchiveEntry;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.ToolHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store when S3 fails: a server that goes away, a wrong secret, a missing bucket, hostile keys. */
class S3ArchiveFailureTest extends OnLocalS3 {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private S3ArchiveStore store;

    @AfterEach
    void closeStore() {
        s3.start();
        if (store != null) {
            store.close();
        }
    }

    private S3ArchiveStore open(Map<String, String> settings) {
        return S3ArchiveStore.newBuilder(S3ArchiveSettings.from(settings)).client(client)
                .meters(AdapterMeters.of(registry, "archive", "s3-archive")).build();
    }

    @Test
    void shouldFailTransientlyWhileTheServerIsDownAndLoseNothingOnceItIsBack() {
        // given a store that archived two entries
        Map<String, String> settings = LocalS3Archive.settings(s3);
        String prefix = settings.get("archive.s3.prefix");
        store = open(settings);
        store.append(entry("run-1/a"));
        store.append(entry("run-2/a"));
        store.sync();

        // when the server goes away mid-stream
        s3.stop();
        store.append(entry("run-3/a"));
        store.append(entry("run-4/a"));
        S3ArchiveException down = catchThrowableOfType(S3ArchiveException.class, store::sync);
        ToolHealth health = store.checkHealth().toCompletableFuture().join();

        // then the sync fails transiently, and the entries wait
        assertThat(down.isPermanent()).isFalse();
        assertThat(down.type()).isEqualTo("ConnectionLost");
        assertThat(down.getMessage()).contains("1 of 1 batch(es), 2 entries, not durable, kept for the next sync");
        assertThat(store.pendingEntries()).isEqualTo(2);
        assertThat(health.reachable()).isFalse();
        assertThat(registry.get(AdapterMeters.CALLS).tag("outcome", "transient").tag("error_type", "ConnectionLost").timer().count())
                .isEqualTo(1);

        // when it is back, and the archiver retries as it does: append the same entry again, then sync
        s3.start();
        store.append(entry("run-3/a"));
        store.sync();

        // then every entry is there once, in two batch objects
        assertThat(objects(s3, prefix)).hasSize(2);
        assertThat(entries(s3, prefix)).extracting(ArchiveEntry::key).containsExactlyInAnyOrder("run-1/a", "run-2/a", "run-3/a", "run-4/a");
        assertThat(store.pendingEntries()).isZero();
    }

    @Test
    void shouldWriteOneObjectWhenAStoreThatCouldNotSyncIsReplacedAndTheEntriesReplayed() {
        // given a store whose sync failed while the server was down, then was lost (a crash: never closed)
        Map<String, String> settings = LocalS3Archive.settings(s3);
        String prefix = settings.get("archive.s3.prefix");
        List<ArchiveEntry> batch = List.of(entry("run-1/b"), entry("run-2/b"));
        s3.stop();
        S3ArchiveStore crashed = open(settings);
        batch.forEach(crashed::append);
        assertThatThrownBy(crashed::sync).isInstanceOf(S3ArchiveException.class);

        // when the server is back and a new store replays the same entries
        s3.start();
        store = open(settings);
        batch.forEach(store::append);
        store.sync();
        store.append(batch.get(0));
        store.sync();

        // then
        assertThat(objects(s3, prefix)).hasSize(1);
        assertThat(entries(s3, prefix)).containsExactlyElementsOf(batch);
    }

    @Test
    void shouldFailPermanentlyWithoutAnyCredentialInTheMessageWhenTheSecretIsWrong(@TempDir Path dir) throws Exception {
        // given a store signing with a wrong secret
        Path wrong = Files.writeString(dir.resolve("wrong-secret"), "wrong-secret-value-123\n");
        Map<String, String> settings = LocalS3Archive.settings(s3, "secret.access.key", "file:" + wrong);
        String realSecret = Files.readString(s3.secretAccessKeyFile()).trim();
        String keyId = Files.readString(s3.accessKeyIdFile()).trim();
        S3ArchiveStore denied = S3ArchiveStore.newBuilder(S3ArchiveSettings.from(settings))
                .meters(AdapterMeters.of(registry, "denied", "s3-archive")).build();
        denied.append(entry("run-1/c"));

        // when
        S3ArchiveException e = catchThrowableOfType(S3ArchiveException.class, denied::sync);

        // then
        assertThat(e.isPermanent()).isTrue();
        assertThat(e.type()).isEqualTo("AccessDenied");
        assertThat(e.getMessage()).contains("permanent (AccessDenied)", "archive.s3.secret.access.key")
                .doesNotContain("wrong-secret-value-123", realSecret, keyId);
        assertThat(String.valueOf(e.getCause())).doesNotContain("wrong-secret-value-123", realSecret);
        assertThat(denied.pendingEntries()).isEqualTo(1);
        assertThat(denied.checkHealth().toCompletableFuture().join().detail()).contains("AccessDenied")
                .doesNotContain("wrong-secret-value-123");
        assertThat(registry.get(AdapterMeters.CALLS).tag("tool", "denied").tag("outcome", "permanent").timer().count()).isEqualTo(1);
        assertThatThrownBy(denied::close).isInstanceOf(S3ArchiveException.class).hasMessageContaining("lost with the closed store");
    }

    @Test
    void shouldFailTransientlyWithinTheTimeOutWhenTheServerNeverAnswers() throws Exception {
        // given an endpoint that accepts connections and never answers
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<String, String> settings = LocalS3Archive.settings(s3, "endpoint", "http://127.0.0.1:" + silent.getLocalPort(),
                    "timeout.ms", "300");
            S3ArchiveStore hanging = S3ArchiveStore.newBuilder(S3ArchiveSettings.from(settings))
                    .meters(AdapterMeters.of(registry, "silent", "s3-archive")).build();
            hanging.append(entry("run-1/e"));
            long started = System.nanoTime();

            // when
            S3ArchiveException e = catchThrowableOfType(S3ArchiveException.class, hanging::sync);

            // then
            assertThat(e.isPermanent()).isFalse();
            assertThat(e.type()).isEqualTo("Timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            assertThat(hanging.pendingEntries()).isEqualTo(1);
            assertThatThrownBy(hanging::close).isInstanceOf(S3ArchiveException.class);
        }
    }

    @Test
    void shouldFailPermanentlyWhenTheBucketDoesNotExist() {
        // given
        store = open(LocalS3Archive.settings(s3, "bucket", "no-such-bucket"));
        store.append(entry("run-1/d"));

        // when
        S3ArchiveException e = catchThrowableOfType(S3ArchiveException.class, store::sync);

        // then
        assertThat(e.isPermanent()).isTrue();
        assertThat(e.type()).isEqualTo("NoSuchBucket");
        assertThat(e.getMessage()).contains("archive.s3.bucket");
        s3.createBucket("no-such-bucket"); // so that the store can close cleanly
    }

    @Test
    void shouldKeepEveryHostileKeyUnderItsPrefixAndFindItAgain() throws Exception {
        // given one object per entry, and every hostile key
        Map<String, String> settings = LocalS3Archive.settings(s3, "batch.max.entries", "1");
        String prefix = settings.get("archive.s3.prefix");
        store = open(settings);

        // when
        ObjectKeysTest.HOSTILE.forEach(key -> store.append(entry(key)));
        store.sync();

        // then each is one object under the prefix, on the server and on its disk
        assertThat(objects(s3, prefix)).hasSameSizeAs(ObjectKeysTest.HOSTILE);
        assertThat(s3.keys()).allSatisfy(key -> assertThat(key).startsWith("test-"));
        Path bucketDir = s3.dataDirectory().resolve(s3.bucket()).toRealPath();
        Path root = bucketDir.resolve(prefix);
        assertThat(s3.files()).allSatisfy(file -> assertThat(file.toAbsolutePath().normalize().toString())
                .startsWith(bucketDir + "/test-"));
        assertThat(s3.files().stream().filter(file -> file.toAbsolutePath().normalize().startsWith(root)))
                .hasSameSizeAs(ObjectKeysTest.HOSTILE);
        assertThat(entries(s3, prefix)).extracting(ArchiveEntry::key).containsExactlyInAnyOrderElementsOf(ObjectKeysTest.HOSTILE);

        // and a new store finds each by a HEAD of its derived key
        try (S3ArchiveStore fresh = open(settings)) {
            assertThat(ObjectKeysTest.HOSTILE).allSatisfy(key -> assertThat(fresh.contains(key)).as(key).isTrue());
        }
    }

    @Test
    void shouldNeverShowASecretInToStringOrDescribe() throws Exception {
        // given
        Map<String, String> settings = LocalS3Archive.settings(s3);
        String secret = Files.readString(s3.secretAccessKeyFile()).trim();
        String keyId = Files.readString(s3.accessKeyIdFile()).trim();
        store = open(settings);

        // then
        assertThat(store.toString() + store.settings() + store.settings().describe())
                .doesNotContain(secret, keyId).contains("file:" + s3.secretAccessKeyFile());
    }
}
