package dev.orchestrators.tools.s3;

import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.core.config.ConfigKey.Importance;
import dev.orchestrators.core.config.Secret;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.ToolAdapter;
import dev.orchestrators.tools.ToolFactory;
import dev.orchestrators.tools.ToolSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Makes {@code s3-put} tools: a WRITE tool that stores its call's arguments as a JSON object in S3 or an
 * S3-compatible server, under an object key rendered from {@code tool.<name>.key.template} (see {@link S3PutTool}).
 * Stateless.
 */
public final class S3PutFactory implements ToolFactory {
    /** The type this factory serves. */
    public static final String TYPE = "s3-put";

    public static final ConfigKey<String> BUCKET = ConfigKey.ofString("bucket", null, "The bucket objects are written to.")
            .required();
    public static final ConfigKey<String> KEY_TEMPLATE = ConfigKey.ofString("key.template", "{idempotency_key}.json",
            "The object key: fixed text (letters, digits, _ . / = -) and {argument} placeholders, each filled with one "
                    + "encoded key segment; it must hold {idempotency_key}.").withImportance(Importance.HIGH);
    public static final ConfigKey<String> ENDPOINT = ConfigKey.ofString("endpoint", "",
            "The endpoint of an S3-compatible server, http(s)://host[:port]. Empty: AWS S3 in the region.");
    public static final ConfigKey<String> REGION = ConfigKey.ofString("region", "us-east-1", "The region requests are signed for.");
    public static final ConfigKey<Boolean> PATH_STYLE = ConfigKey.ofBoolean("path.style", false,
            "Path-style addressing (<endpoint>/<bucket>/<key>), which most S3-compatible servers need.");
    public static final ConfigKey<Secret> ACCESS_KEY_ID = ConfigKey.ofSecret("access.key.id",
            "The access key id, by reference; unset (with the secret access key): the SDK's default credentials chain.");
    public static final ConfigKey<Secret> SECRET_ACCESS_KEY = ConfigKey.ofSecret("secret.access.key",
            "The secret access key, by reference; given with the access key id or not at all.");
    public static final ConfigKey<Long> TIMEOUT_MS = ConfigKey.ofLong("timeout.ms", 10_000L,
            "The time-out of one PUT, connection included.").withValidator(v -> v >= 100 && v <= 600_000, "[100,...,600000]");
    public static final ConfigKey<Integer> POOL_SIZE = ConfigKey.ofInt("pool.size", 8,
            "PUTs in flight at once (connections).").withValidator(v -> v >= 1 && v <= 256, "[1,...,256]");
    public static final ConfigKey<Integer> QUEUE_SIZE = ConfigKey.ofInt("queue.size", 16,
            "Calls that may wait for a connection beyond pool.size; past that a call fails at once as Saturated.")
            .withValidator(v -> v >= 0 && v <= 10_000, "[0,...,10000]");
    public static final ConfigKey<Integer> MAX_BODY_BYTES = ConfigKey.ofInt("max.body.bytes", 1024 * 1024,
            "The largest object (the arguments as JSON) a call may write; a larger one is refused.")
            .withValidator(v -> v >= 1 && v <= 64 * 1024 * 1024, "[1,...,67108864]");
    public static final ConfigKey<Boolean> CONDITIONAL_WRITES = ConfigKey.ofBoolean("conditional.writes", true,
            "PUTs carry If-None-Match: *, so a repeated call never overwrites the object (its 412 answers created=false). "
                    + "Turn off for a server that answers 501 to it.");

    private static final List<ConfigKey<?>> KEYS = List.of(BUCKET, KEY_TEMPLATE, ENDPOINT, REGION, PATH_STYLE, ACCESS_KEY_ID,
            SECRET_ACCESS_KEY, TIMEOUT_MS, POOL_SIZE, QUEUE_SIZE, MAX_BODY_BYTES, CONDITIONAL_WRITES);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Writes the call's arguments as a JSON object to S3 (or an S3-compatible server) under a key rendered from "
                + "key.template; idempotent by the call's idempotency key (WRITE).";
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return KEYS;
    }

    /** @throws ConfigurationException naming the key, when a setting is missing or bad */
    @Override
    public ToolAdapter create(ToolSettings settings) {
        return create(settings, AdapterMeters.global(settings.toolName(), TYPE));
    }

    /** {@link #create(ToolSettings)} with the meters in {@code meters} (for tests). */
    public S3PutTool create(ToolSettings settings, AdapterMeters meters) {
        ClientFactory.Options options = validate(settings);
        return new S3PutTool(settings, KeyTemplate.parse(settings.get(KEY_TEMPLATE)), ClientFactory.create(options), true, meters);
    }

    /** A tool writing through {@code client}, which its owner closes (for tests sharing one client). */
    S3PutTool create(ToolSettings settings, AdapterMeters meters, software.amazon.awssdk.services.s3.S3AsyncClient client) {
        validate(settings);
        return new S3PutTool(settings, KeyTemplate.parse(settings.get(KEY_TEMPLATE)), client, false, meters);
    }

    private static ClientFactory.Options validate(ToolSettings settings) {
        settings.validate(KEYS);
        Secret id = settings.secret(ACCESS_KEY_ID);
        Secret secret = settings.secret(SECRET_ACCESS_KEY);
        if (id.isPresent() != secret.isPresent()) {
            throw new ConfigurationException(settings.qualified(ACCESS_KEY_ID.name()) + " and "
                    + settings.qualified(SECRET_ACCESS_KEY.name()) + " are given together or not at all");
        }
        try {
            KeyTemplate.parse(settings.get(KEY_TEMPLATE));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(settings.qualified(KEY_TEMPLATE.name()) + ": " + e.getMessage());
        }
        return new ClientFactory.Options(settings.get(REGION), endpoint(settings), settings.get(PATH_STYLE), id, secret,
                Duration.ofMillis(settings.get(TIMEOUT_MS)), settings.get(POOL_SIZE), Math.max(1, settings.get(QUEUE_SIZE)));
    }

    private static Optional<URI> endpoint(ToolSettings settings) {
        String raw = settings.get(ENDPOINT);
        if (raw.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(raw.trim());
            if ((uri.getScheme() == null || !uri.getScheme().matches("https?")) || uri.getHost() == null
                    || uri.getUserInfo() != null) {
                throw new java.net.URISyntaxException(raw, "not http(s)://host[:port]");
            }
            return Optional.of(uri);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigurationException(settings.qualified(ENDPOINT.name()) + " must be http(s)://host[:port]");
        }
    }
}
