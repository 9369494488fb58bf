package dev.orchestrators.tools.http;

import static dev.orchestrators.tools.http.HttpToolFactory.*;

import com.fasterxml.jackson.core.JsonPointer;
import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.tools.ToolSettings;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The settings of one http tool, parsed and checked together (a bad or inconsistent value fails at start-up,
 * naming its key). Immutable.
 */
record HttpSettings(String tool, Capability capability, String method, Origin origin, PathTemplate path,
                    Selection query, Selection body, List<Map.Entry<String, String>> headers, Auth auth,
                    String idempotencyHeader, boolean indeterminateOnTimeout, Duration timeout, Duration connectTimeout,
                    long maxResponseBytes, int maxUrlLength, boolean followRedirects, int maxConcurrent, int threads,
                    JsonPointer recordsPointer, Duration maxRetryAfter, String healthPath, int errorBodyChars,
                    HttpClient.Version version, Map<String, String> described) {

    /**
     * Which arguments go somewhere (the query or the body).
     *
     * @param mode  none, every argument not used elsewhere, or the named ones
     * @param names the named arguments ({@link Mode#NAMED})
     */
    record Selection(Mode mode, List<String> names) {
        enum Mode { NONE, ALL, NAMED }

        static final Selection NONE = new Selection(Mode.NONE, List.of());
        static final Selection ALL = new Selection(Mode.ALL, List.of());

        static Selection parse(String text, boolean auto) {
            String value = text.trim().toLowerCase(Locale.ROOT);
            if (value.equals("auto")) {
                return auto ? ALL : NONE;
            }
            if (value.equals("none")) {
                return NONE;
            }
            if (value.equals("*")) {
                return ALL;
            }
            List<String> names = List.of(text.trim().split("\\s*,\\s*"));
            if (names.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("must be auto, none, * or a comma-separated list of argument names");
            }
            return new Selection(Mode.NAMED, names);
        }
    }

    /**
     * The settings {@code settings} give.
     *
     * @throws ConfigurationException naming the key, for a missing, bad or inconsistent setting
     */
    static HttpSettings from(ToolSettings settings) {
        settings.validate(new HttpToolFactory().keys());
        Capability capability = Capability.valueOf(settings.get(CAPABILITY).toUpperCase(Locale.ROOT));
        String configured = settings.get(METHOD).toUpperCase(Locale.ROOT);
        String method = configured.equals("AUTO") ? (capability == Capability.READ ? "GET" : "POST") : configured;
        boolean bodyless = method.equals("GET") || method.equals("DELETE");
        Selection body = parse(settings, BODY, () -> Selection.parse(settings.get(BODY), !bodyless));
        check(settings, BODY, !method.equals("GET") || body.mode() == Selection.Mode.NONE, "must be none: a GET request has no body; use query");
        Origin origin = parse(settings, BASE_URL, () -> Origin.parse(settings.get(BASE_URL)));
        String idempotencyHeader = settings.get(IDEMPOTENCY_HEADER).trim();
        check(settings, IDEMPOTENCY_HEADER, HeaderRules.isName(idempotencyHeader)
                && !HeaderRules.MANAGED.contains(idempotencyHeader.toLowerCase(Locale.ROOT)), "must be a header name the client does not manage");
        Auth auth = auth(settings);
        Set<String> reserved = Set.of(idempotencyHeader.toLowerCase(Locale.ROOT), auth.headerName().toLowerCase(Locale.ROOT));
        String pointer = settings.get(RECORDS_POINTER).trim();
        return new HttpSettings(settings.toolName(), capability, method, origin,
                parse(settings, PATH, () -> PathTemplate.parse(settings.get(PATH).trim())),
                parse(settings, QUERY, () -> Selection.parse(settings.get(QUERY), bodyless)), body,
                parse(settings, HEADERS, () -> HeaderRules.parseFixed(settings.get(HEADERS), reserved)), auth,
                idempotencyHeader, settings.get(INDETERMINATE_ON_TIMEOUT), Duration.ofMillis(settings.get(TIMEOUT_MS)),
                Duration.ofMillis(settings.get(CONNECT_TIMEOUT_MS)), settings.get(MAX_RESPONSE_BYTES),
                settings.get(MAX_URL_LENGTH), settings.get(FOLLOW_REDIRECTS), settings.get(MAX_CONCURRENT),
                settings.get(THREADS), pointer.isEmpty() ? null : parse(settings, RECORDS_POINTER, () -> JsonPointer.compile(pointer)),
                Duration.ofMillis(settings.get(MAX_RETRY_AFTER_MS)), healthPath(settings, origin), settings.get(ERROR_BODY_CHARS),
                settings.get(HTTP_VERSION).equals("2") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1,
                described(settings));
    }

    private static Auth auth(ToolSettings settings) {
        Auth auth = parse(settings, AUTH, () -> Auth.of(settings.get(AUTH), settings.secret(AUTH_TOKEN),
                settings.get(AUTH_USER).trim(), settings.secret(AUTH_PASSWORD), settings.get(AUTH_HEADER_NAME).trim()));
        auth.header(); // reads the secrets once now, so a missing file or variable stops the start-up
        return auth;
    }

    private static String healthPath(ToolSettings settings, Origin origin) {
        String path = settings.get(HEALTH_PATH).trim();
        check(settings, HEALTH_PATH, path.isEmpty() || (path.startsWith("/") && !path.contains("{") && origin.resolve(path) != null),
                "must be a plain path starting with '/'");
        return path;
    }

    /** Whether a call needs an idempotency key (WRITE and SEND). */
    boolean sideEffect() {
        return capability != Capability.READ;
    }

    /** The path template under the base URL, for messages: {@code /v1/companies/{domain}}. */
    String pathTemplate() {
        return origin.basePath() + path.template();
    }

    private static <T> T parse(ToolSettings settings, ConfigKey<?> key, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(settings.qualified(key.name()) + " " + e.getMessage());
        }
    }

    private static void check(ToolSettings settings, ConfigKey<?> key, boolean condition, String message) {
        if (!condition) {
            throw new ConfigurationException(settings.qualified(key.name()) + " " + message);
        }
    }

    private static Map<String, String> described(ToolSettings settings) {
        Map<String, String> out = new TreeMap<>(settings.describe(new HttpToolFactory().keys()));
        if (out.containsKey(HEADERS.name())) {
            // Header values are shown by name only: a user may have put something sensitive there after all.
            out.put(HEADERS.name(), String.join(", ", HeaderRules.parseFixed(settings.get(HEADERS), Set.of()).stream()
                    .map(Map.Entry::getKey).toList()));
        }
        return Map.copyOf(out);
    }
}
