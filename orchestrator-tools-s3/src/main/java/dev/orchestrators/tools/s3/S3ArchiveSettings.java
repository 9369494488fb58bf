package dev.orchestrators.tools.s3;

import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.core.config.ConfigKey.Importance;
import dev.orchestrators.core.config.Secret;
import dev.orchestrators.core.errors.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The settings of an {@link S3ArchiveStore}: every {@code archive.s3.<key>} setting, read through the documented
 * {@link ConfigKey}s of {@link #keys()}. An archive store is not a tool, so its keys live under their own prefix,
 * {@value #PREFIX}, beside {@code orchestrator.archive.dir} (the file archive); {@link #markdown()} renders them
 * for {@code docs/configuration.md}, as {@code ToolDocs} does for the tools. Immutable; secrets are kept as
 * references and read when the client signs a request.
 *
 * <pre>{@code
 * S3ArchiveSettings settings = S3ArchiveSettings.from(Map.of(
 *         "archive.s3.bucket", "acme-orchestrator-archive",
 *         "archive.s3.prefix", "prod/archive/"));
 * try (S3ArchiveStore store = S3ArchiveStore.newBuilder(settings).build()) { ... }
 * }</pre>
 *
 * @param bucket            the bucket the batches are written to
 * @param prefix            what every object key starts with (empty, or ending with {@code /})
 * @param endpoint          the S3-compatible endpoint, when not AWS
 * @param region            the region requests are signed for
 * @param pathStyle         path-style addressing ({@code <endpoint>/<bucket>/<key>})
 * @param accessKeyId       the access key id, by reference; {@link Secret#NONE}: the SDK's default credentials chain
 * @param secretAccessKey   the secret access key, by reference
 * @param timeout           the time-out of one S3 call
 * @param maxConcurrent     PUTs in flight at once
 * @param batchMaxEntries   entries per batch object
 * @param batchMaxBytes     uncompressed bytes per batch object
 * @param conditionalWrites whether PUTs carry {@code If-None-Match: *}
 * @param dedupeMaxKeys     how many recent keys the in-memory de-duplication window holds
 */
public record S3ArchiveSettings(String bucket, String prefix, Optional<URI> endpoint, String region, boolean pathStyle,
                                Secret accessKeyId, Secret secretAccessKey, Duration timeout, int maxConcurrent,
                                int batchMaxEntries, long batchMaxBytes, boolean conditionalWrites, int dedupeMaxKeys) {
    /** Where every key of the S3 archive starts. */
    public static final String PREFIX = "archive.s3.";
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX_CHARS = Pattern.compile("[A-Za-z0-9_./=-]*");

    public static final ConfigKey<String> BUCKET = ConfigKey.ofString("bucket", null,
            "The bucket the archive is written to; setting it turns the S3 archive on. It must exist: the store never "
                    + "creates buckets.").required().withValidator(v -> BUCKET_NAME.matcher(v).matches(),
            "an S3 bucket name: 3-63 of a-z 0-9 . -");
    public static final ConfigKey<String> PREFIX_KEY = ConfigKey.ofString("prefix", "archive/",
            "What every object key starts with; a '/' is added when missing. Letters, digits and _ . / = - only, no "
                    + "empty, '.' or '..' segment. Entry keys are encoded below it and can never leave it.")
            .withValidator(S3ArchiveSettings::validPrefix, "[A-Za-z0-9_./=-]* without empty, . or .. segments");
    public static final ConfigKey<String> ENDPOINT = ConfigKey.ofString("endpoint", "",
            "The endpoint of an S3-compatible server (MinIO, Ceph, R2, S3Proxy), http(s)://host[:port]. Empty: AWS S3 "
                    + "in the region.").withValidator(v -> v.isEmpty() || endpointUri(v).isPresent(), "empty or http(s)://host[:port]");
    public static final ConfigKey<String> REGION = ConfigKey.ofString("region", "us-east-1",
            "The region requests are signed for (most S3-compatible servers accept any).")
            .withValidator(v -> v.matches("[a-z0-9-]+"), "a region name such as eu-west-1");
    public static final ConfigKey<Boolean> PATH_STYLE = ConfigKey.ofBoolean("path.style", false,
            "Path-style addressing (<endpoint>/<bucket>/<key>) instead of virtual-hosted; most S3-compatible servers need it.");
    public static final ConfigKey<Secret> ACCESS_KEY_ID = ConfigKey.ofSecret("access.key.id",
            "The access key id, by reference. Unset (with the secret access key): the SDK's default credentials chain "
                    + "(environment, profile, web identity, container or instance role).");
    public static final ConfigKey<Secret> SECRET_ACCESS_KEY = ConfigKey.ofSecret("secret.access.key",
            "The secret access key, by reference; given with the access key id or not at all. Read when a request is signed.");
    public static final ConfigKey<Long> TIMEOUT_MS = ConfigKey.ofLong("timeout.ms", 30_000L,
            "The time-out of one S3 call (the whole PUT or HEAD); a sync waits for its batches at most this long per "
                    + "round of max.concurrent PUTs.").withValidator(v -> v >= 100 && v <= 600_000, "[100,...,600000]");
    public static final ConfigKey<Integer> MAX_CONCURRENT = ConfigKey.ofInt("max.concurrent", 8,
            "Batch PUTs in flight at once (and the connection pool's size); sealed batches beyond it wait in memory "
                    + "for a slot.").withValidator(v -> v >= 1 && v <= 256, "[1,...,256]");
    public static final ConfigKey<Integer> BATCH_MAX_ENTRIES = ConfigKey.ofInt("batch.max.entries", 1000,
            "Entries per batch object: a sync writes what was appended since the last one as objects of at most this "
                    + "many entries. 1: one object per entry, named by its key alone, so de-duplication survives restarts "
                    + "and contains() asks S3.").withValidator(v -> v >= 1 && v <= 100_000, "[1,...,100000]");
    public static final ConfigKey<Long> BATCH_MAX_BYTES = ConfigKey.ofLong("batch.max.bytes", 16L * 1024 * 1024,
            "Uncompressed bytes per batch object; a batch is sealed, and its PUT started, when the next entry would "
                    + "pass it.").withValidator(v -> v >= 1024 && v <= 1L << 30, "[1024,...,1073741824]");
    public static final ConfigKey<Boolean> CONDITIONAL_WRITES = ConfigKey.ofBoolean("conditional.writes", true,
            "PUTs carry If-None-Match: * so a batch object, once written, is never overwritten (a 412 means an earlier "
                    + "attempt wrote it). Turn off for a server that answers 501 to it.");
    public static final ConfigKey<Integer> DEDUPE_MAX_KEYS = ConfigKey.ofInt("dedupe.max.keys", 100_000,
            "How many of the most recently appended keys the in-memory de-duplication window holds (about 100 bytes "
                    + "each).").withValidator(v -> v >= 0, "[0,...]");

    private static final List<ConfigKey<?>> KEYS = List.of(BUCKET, PREFIX_KEY, ENDPOINT, REGION, PATH_STYLE, ACCESS_KEY_ID,
            SECRET_ACCESS_KEY, TIMEOUT_MS, MAX_CONCURRENT, BATCH_MAX_ENTRIES, BATCH_MAX_BYTES, CONDITIONAL_WRITES, DEDUPE_MAX_KEYS);

    /** Every key, relative to {@value #PREFIX}, in documentation order. */
    public static List<ConfigKey<?>> keys() {
        return KEYS;
    }

    /** Whether {@code settings} turn the S3 archive on ({@code archive.s3.bucket} is set). */
    public static boolean isConfigured(Map<String, String> settings) {
        String bucket = settings.get(PREFIX + BUCKET.name());
        return bucket != null && !bucket.isBlank();
    }

    /**
     * The settings under {@value #PREFIX} in {@code settings} (full keys); other keys are ignored.
     *
     * @throws ConfigurationException naming the full key, when a key under the prefix is unknown, a required one is
     *                                missing, a value is bad, or only one of the two credentials is given
     */
    public static S3ArchiveSettings from(Map<String, String> settings) {
        Map<String, String> own = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                own.put(key.substring(PREFIX.length()), value);
            }
        });
        TreeSet<String> unknown = new TreeSet<>(own.keySet());
        KEYS.forEach(k -> unknown.remove(k.name()));
        if (!unknown.isEmpty()) {
            throw new ConfigurationException("unknown S3 archive setting(s) " + unknown.stream().map(k -> PREFIX + k).toList()
                    + "; known: " + KEYS.stream().map(k -> PREFIX + k.name()).toList());
        }
        Secret id = get(own, ACCESS_KEY_ID);
        Secret secret = get(own, SECRET_ACCESS_KEY);
        if (id.isPresent() != secret.isPresent()) {
            throw new ConfigurationException(PREFIX + ACCESS_KEY_ID.name() + " and " + PREFIX + SECRET_ACCESS_KEY.name()
                    + " are given together or not at all (then the SDK's default credentials chain signs)");
        }
        String prefix = get(own, PREFIX_KEY);
        return new S3ArchiveSettings(get(own, BUCKET), prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/",
                endpointUri(get(own, ENDPOINT)), get(own, REGION), get(own, PATH_STYLE), id, secret,
                Duration.ofMillis(get(own, TIMEOUT_MS)), get(own, MAX_CONCURRENT), get(own, BATCH_MAX_ENTRIES),
                get(own, BATCH_MAX_BYTES), get(own, CONDITIONAL_WRITES), get(own, DEDUPE_MAX_KEYS));
    }

    /** These settings with {@code value} as {@code archive.s3.batch.max.entries} (for code and tests). */
    public S3ArchiveSettings withBatchMaxEntries(int value) {
        return new S3ArchiveSettings(bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey, timeout,
                maxConcurrent, value, batchMaxBytes, conditionalWrites, dedupeMaxKeys);
    }

    /** The settings as a user may see them: secrets show their reference only. */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        out.put(BUCKET.name(), bucket);
        out.put(PREFIX_KEY.name(), prefix);
        endpoint.ifPresent(uri -> out.put(ENDPOINT.name(), uri.toString()));
        out.put(REGION.name(), region);
        out.put(PATH_STYLE.name(), String.valueOf(pathStyle));
        out.put(ACCESS_KEY_ID.name(), accessKeyId.isPresent() ? accessKeyId.reference() : "(default credentials chain)");
        if (secretAccessKey.isPresent()) {
            out.put(SECRET_ACCESS_KEY.name(), secretAccessKey.reference());
        }
        out.put(TIMEOUT_MS.name(), String.valueOf(timeout.toMillis()));
        out.put(MAX_CONCURRENT.name(), String.valueOf(maxConcurrent));
        out.put(BATCH_MAX_ENTRIES.name(), String.valueOf(batchMaxEntries));
        out.put(BATCH_MAX_BYTES.name(), String.valueOf(batchMaxBytes));
        out.put(CONDITIONAL_WRITES.name(), String.valueOf(conditionalWrites));
        out.put(DEDUPE_MAX_KEYS.name(), String.valueOf(dedupeMaxKeys));
        return out;
    }

    /** The reference of every key, as a Markdown section for {@code docs/configuration.md}. */
    public static String markdown() {
        StringBuilder out = new StringBuilder("### S3 archive (`" + PREFIX + "*`)\n\n")
                .append("An `ArchiveStore` on S3 or any S3-compatible server (module `orchestrator-tools-s3`): the archiver ")
                .append("writes gzip JSON Lines batch objects under the prefix. See [tools.md](tools.md#s3-archive-store).\n\n")
                .append("| key | type | default | valid values | importance | description |\n|---|---|---|---|---|---|\n");
        for (ConfigKey<?> key : KEYS) {
            out.append("| `").append(PREFIX).append(key.name()).append("` | ").append(key.type()).append(" | ")
                    .append(key.documentedDefault()).append(" | ").append(cell(key.validValues())).append(" | ")
                    .append(key.importance().name().toLowerCase(Locale.ROOT)).append(" | ").append(cell(key.doc())).append(" |\n");
        }
        return out.append('\n').toString();
    }

    @Override
    public String toString() {
        return "S3ArchiveSettings" + describe();
    }

    private static <T> T get(Map<String, String> own, ConfigKey<T> key) {
        return key.parse(own.get(key.name()), PREFIX + key.name());
    }

    private static boolean validPrefix(String prefix) {
        if (!PREFIX_CHARS.matcher(prefix).matches() || prefix.startsWith("/")) {
            return false;
        }
        String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (trimmed.isEmpty()) {
            return prefix.isEmpty();
        }
        for (String segment : trimmed.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return prefix.length() <= 200;
    }

    private static Optional<URI> endpointUri(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.trim());
            boolean ok = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getUserInfo() == null && uri.getQuery() == null && uri.getFragment() == null
                    && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"));
            return ok ? Optional.of(uri) : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
