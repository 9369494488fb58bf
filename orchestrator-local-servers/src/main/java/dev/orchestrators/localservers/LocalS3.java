package dev.orchestrators.localservers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * A real S3 server in this JVM: S3Proxy (its Jetty, its S3 protocol handler and AWS signature checks) over
 * jclouds' {@code filesystem} back end, listening on 127.0.0.1 on a free port. Clients use path-style
 * addressing, region {@value #REGION}, and an access key id and secret access key made for this server and
 * written to {@link #accessKeyIdFile()} and {@link #secretAccessKeyFile()} (mode 0600), so they exercise
 * {@code file:} secrets. One bucket, {@link #bucket()}, exists from the start. For tests, the bench and
 * {@code demo --real}; not a way to store anything that matters.
 *
 * <p>Objects are files under {@link #dataDirectory()}{@code /<bucket>/<key>}: a test can check that no key
 * left its bucket. {@link #stop()} takes the server down and keeps the data; {@link #start()} brings it back
 * on the same port. Not thread-safe: one owner starts, stops and closes it.
 */
public final class LocalS3 implements AutoCloseable {
    /** The region clients should sign for. */
    public static final String REGION = "us-east-1";
    /** The bucket created with the server. */
    public static final String BUCKET = "orchestrator-archive";

    private final Path directory;
    private final String accessKeyId;
    private final String secretAccessKey;
    /**
     * The file the filesystem back end writes an object to before it renames it to the object's key:
     * {@code <key>-<random UUID>}. A listing taken while an upload is under way sees it; it is not an object.
     */
    private static final java.util.regex.Pattern IN_FLIGHT =
            java.util.regex.Pattern.compile(".*-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private final BlobStoreContext blobs;
    private int port;
    private S3Proxy server;

    private LocalS3(Path directory, String accessKeyId, String secretAccessKey) {
        this.directory = directory;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dataDirectory().toString());
        this.blobs = ContextBuilder.newBuilder("filesystem").credentials("local", "local").overrides(properties)
                .buildView(BlobStoreContext.class);
    }

    /** Why an S3 server cannot run in this JVM, when it cannot (S3Proxy missing from the class path). */
    public static Optional<String> unavailableReason() {
        try {
            Class.forName("org.gaul.s3proxy.S3Proxy", false, LocalS3.class.getClassLoader());
            Class.forName("org.jclouds.filesystem.FilesystemApiMetadata", false, LocalS3.class.getClassLoader());
            return Optional.empty();
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of("S3Proxy is not on the class path (org.gaul:s3proxy with the jclouds filesystem back end): " + e);
        }
    }

    /**
     * A server with its data and key files in {@code directory} (created if needed), started, with
     * {@link #BUCKET} created.
     *
     * @throws IllegalStateException when it cannot start
     */
    public static LocalS3 start(Path directory) {
        try {
            Files.createDirectories(directory.resolve("data"));
            LocalS3 s3 = new LocalS3(directory, "AKIA" + randomHex(8).toUpperCase(java.util.Locale.ROOT), randomHex(20));
            s3.writeSecret(s3.accessKeyIdFile(), s3.accessKeyId);
            s3.writeSecret(s3.secretAccessKeyFile(), s3.secretAccessKey);
            s3.start();
            s3.createBucket(BUCKET);
            return s3;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the S3 server's directory " + directory, e);
        }
    }

    /** {@link #start(Path)} in a new temporary directory, removed by {@link #close()}. */
    public static LocalS3 startTemporary() {
        try {
            return start(Files.createTempDirectory("local-s3-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    /**
     * Starts the server (again), on the port it had before if it had one.
     *
     * @throws IllegalStateException when it cannot start
     */
    public void start() {
        if (server != null) {
            return;
        }
        S3Proxy proxy = S3Proxy.builder().blobStore(blobs.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secretAccessKey)
                .ignoreUnknownHeaders(true)
                .jettyMaxThreads(24)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline || "FAILED".equals(proxy.getState())) {
                    throw new IllegalStateException("S3Proxy did not start: state " + proxy.getState());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
        } catch (Exception e) {
            stopQuietly(proxy);
            throw e instanceof IllegalStateException ise ? ise : new IllegalStateException("S3Proxy did not start: " + e, e);
        }
        this.port = proxy.getPort();
        this.server = proxy;
    }

    /** Takes the server down (connections are refused); the objects stay. Idempotent. */
    public void stop() {
        if (server != null) {
            S3Proxy running = server;
            server = null;
            try {
                running.stop();
            } catch (Exception e) {
                throw new IllegalStateException("S3Proxy did not stop: " + e, e);
            }
        }
    }

    /** Whether the server is up. */
    public boolean isRunning() {
        return server != null;
    }

    /** {@code http://127.0.0.1:<port>}, for path-style clients. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** The bucket created with the server. */
    public String bucket() {
        return BUCKET;
    }

    /** The file holding the access key id (use it as {@code file:<path>}). */
    public Path accessKeyIdFile() {
        return directory.resolve("access-key-id");
    }

    /** The file holding the secret access key (use it as {@code file:<path>}). */
    public Path secretAccessKeyFile() {
        return directory.resolve("secret-access-key");
    }

    /** Where the objects are kept: {@code <dataDirectory>/<bucket>/<key>}. */
    public Path dataDirectory() {
        return directory.resolve("data");
    }

    /** Creates {@code bucket} if it does not exist. */
    public void createBucket(String bucket) {
        blobs.getBlobStore().createContainerInLocation(null, bucket);
    }

    /** The keys of every object in {@code bucket}, in the server's order (lexicographic). */
    public List<String> keys(String bucket) {
        BlobStore store = blobs.getBlobStore();
        List<String> keys = new ArrayList<>();
        ListContainerOptions options = ListContainerOptions.Builder.recursive();
        while (true) {
            PageSet<? extends StorageMetadata> page = store.list(bucket, options);
            for (StorageMetadata m : page) {
                if (m.getType() == StorageType.BLOB && !IN_FLIGHT.matcher(m.getName()).matches()) {
                    keys.add(m.getName());
                }
            }
            if (page.getNextMarker() == null) {
                return keys;
            }
            options = ListContainerOptions.Builder.recursive().afterMarker(page.getNextMarker());
        }
    }

    /** The keys of every object in {@link #bucket()}. */
    public List<String> keys() {
        return keys(BUCKET);
    }

    /** The bytes of object {@code key} in {@code bucket}, if it exists. */
    public Optional<byte[]> read(String bucket, String key) {
        var blob = blobs.getBlobStore().getBlob(bucket, key);
        if (blob == null) {
            return Optional.empty();
        }
        try (InputStream in = blob.getPayload().openStream()) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + bucket + "/" + key, e);
        }
    }

    /** Every regular file under {@link #dataDirectory()}, as the back end stored the objects. */
    public List<Path> files() {
        try (Stream<Path> files = Files.walk(dataDirectory())) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dataDirectory(), e);
        }
    }

    /** Stops the server and removes its directory. */
    @Override
    public void close() {
        stop();
        blobs.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless
        }
    }

    @Override
    public String toString() {
        return "LocalS3[" + endpoint() + ", bucket " + BUCKET + (isRunning() ? "" : ", stopped") + "]";
    }

    private void writeSecret(Path file, String value) throws IOException {
        Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the file keeps its default permissions
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // it failed to start; the start failure is what the caller hears about
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
