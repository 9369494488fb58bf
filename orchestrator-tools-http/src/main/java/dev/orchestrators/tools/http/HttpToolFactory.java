package dev.orchestrators.tools.http;

import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.core.config.ConfigKey.Importance;
import dev.orchestrators.core.config.Secret;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.ToolAdapter;
import dev.orchestrators.tools.ToolFactory;
import dev.orchestrators.tools.ToolSettings;
import java.util.List;

/**
 * Makes {@code http} tools: one HTTP endpoint of a JSON API per tool, on the JDK's asynchronous {@code HttpClient}.
 *
 * <pre>{@code
 * -D tool.enrichment_service.type=http
 * -D tool.enrichment_service.base.url=https://companies.example.com/v1
 * -D "tool.enrichment_service.path=/companies/{company_domain}"
 * -D tool.enrichment_service.query=none
 * -D tool.enrichment_service.auth=bearer -D tool.enrichment_service.auth.token=file:/run/secrets/companies-token
 * }</pre>
 *
 * See {@link HttpTool} for the contract. Stateless.
 */
public final class HttpToolFactory implements ToolFactory {
    /** The tool type. */
    public static final String TYPE = "http";

    public static final ConfigKey<String> BASE_URL = ConfigKey.ofString("base.url", null,
            "The API's base URL, http:// or https://, with host, optional port and path (no user information, query "
                    + "or fragment). Every request goes to exactly this scheme, host and port, under this path; no "
                    + "argument can change them.").required();
    public static final ConfigKey<String> CAPABILITY = ConfigKey.ofChoice("capability", "read", List.of("read", "write", "send"),
            "What a call does to the world: read (no side effect), write or send. WRITE and SEND calls need an "
                    + "idempotency_key argument and send it in the idempotency header.").withImportance(Importance.HIGH);
    public static final ConfigKey<String> METHOD = ConfigKey.ofChoice("method", "auto",
            List.of("auto", "get", "post", "put", "patch", "delete"),
            "The request method; auto: GET for capability read, POST for write and send.");
    public static final ConfigKey<String> PATH = ConfigKey.ofString("path", "",
            "The path under base.url, a template whose {name} placeholders are filled from the call's arguments, each "
                    + "percent-encoded as one path segment (e.g. /companies/{domain}); may end with a fixed query "
                    + "(?version=2). A value that is missing, empty, structured or a '.'/'..' segment is refused.");
    public static final ConfigKey<String> QUERY = ConfigKey.ofString("query", "auto",
            "Which arguments go to the query string: auto (every argument not in the path for GET and DELETE, none "
                    + "otherwise), none, * (every argument not in the path), or a comma-separated list of names. A list "
                    + "value repeats the parameter; an object is refused.")
            .withValidator(v -> true, "auto, none, *, or argument names");
    public static final ConfigKey<String> BODY = ConfigKey.ofString("body", "auto",
            "Which arguments form the JSON object body: auto (every argument not in the path or the query for POST, "
                    + "PUT and PATCH, none for GET and DELETE), none, *, or a comma-separated list of names. "
                    + "idempotency_key is never in the body or query unless named.")
            .withValidator(v -> true, "auto, none, *, or argument names");
    public static final ConfigKey<String> HEADERS = ConfigKey.ofString("headers", "",
            "Fixed request headers as a JSON object, e.g. {\"Accept-Language\": \"en\"}. Not for credentials (use "
                    + "auth); values must be visible ASCII. describe() shows their names only.")
            .withValidator(v -> true, "a JSON object of header names to values");
    public static final ConfigKey<String> AUTH = ConfigKey.ofChoice("auth", "none", List.of("none", "bearer", "basic", "header"),
            "How to authenticate: none; bearer (Authorization: Bearer <auth.token>); basic (auth.user and "
                    + "auth.password); header (<auth.header.name>: <auth.token>).").withImportance(Importance.HIGH);
    public static final ConfigKey<Secret> AUTH_TOKEN = ConfigKey.ofSecret("auth.token",
            "The token for auth=bearer and auth=header, by reference: file:<path> or env:<NAME>. Read at every request.");
    public static final ConfigKey<String> AUTH_USER = ConfigKey.ofString("auth.user", "", "The user for auth=basic.");
    public static final ConfigKey<Secret> AUTH_PASSWORD = ConfigKey.ofSecret("auth.password",
            "The password for auth=basic, by reference: file:<path> or env:<NAME>. Read at every request.");
    public static final ConfigKey<String> AUTH_HEADER_NAME = ConfigKey.ofString("auth.header.name", "",
            "The header auth=header sends auth.token in, e.g. X-Api-Key.");
    public static final ConfigKey<String> IDEMPOTENCY_HEADER = ConfigKey.ofString("idempotency.header", "Idempotency-Key",
            "The header WRITE and SEND calls send their idempotency_key in.");
    public static final ConfigKey<Boolean> INDETERMINATE_ON_TIMEOUT = ConfigKey.ofBoolean("indeterminate.on.timeout", false,
            "For a server that does not honour the idempotency header: a WRITE/SEND call that timed out or lost its "
                    + "connection after it may have been sent is IndeterminateOutcome (not retried) instead of a "
                    + "transient failure retried under the same key.");
    public static final ConfigKey<Integer> TIMEOUT_MS = ConfigKey.ofInt("timeout.ms", 10_000,
            "The deadline of one call in milliseconds, connect, redirects and body included.")
            .withValidator(v -> v >= 1, "[1,...]");
    public static final ConfigKey<Integer> CONNECT_TIMEOUT_MS = ConfigKey.ofInt("connect.timeout.ms", 5_000,
            "How long a new connection may take to open, in milliseconds.").withValidator(v -> v >= 1, "[1,...]");
    public static final ConfigKey<Long> MAX_RESPONSE_BYTES = ConfigKey.ofLong("max.response.bytes", 1_048_576L,
            "The largest response body read; a larger one fails permanently (ResponseTooLarge) without being read "
                    + "further.").withValidator(v -> v >= 1 && v <= Integer.MAX_VALUE - 8, "[1,2147483639]");
    public static final ConfigKey<Integer> MAX_URL_LENGTH = ConfigKey.ofInt("max.url.length", 8_192,
            "The longest request URL; a call whose arguments make a longer one is refused (InputRefused).")
            .withValidator(v -> v >= 64, "[64,...]");
    public static final ConfigKey<Boolean> FOLLOW_REDIRECTS = ConfigKey.ofBoolean("follow.redirects", false,
            "Whether to follow redirects (at most 5); only to the same origin under base.url's path, any other is "
                    + "refused permanently (RedirectRefused). Off: a 3xx answer is RedirectRefused.");
    public static final ConfigKey<Integer> MAX_CONCURRENT = ConfigKey.ofInt("max.concurrent", 64,
            "Calls in flight at once; a call beyond them fails at once with the transient Saturated (back-pressure).")
            .withValidator(v -> v >= 1, "[1,...]");
    public static final ConfigKey<Integer> THREADS = ConfigKey.ofInt("threads", 2,
            "Threads (tool-<name>-<n>) that run the client's I/O completions and read the answers; calls never run "
                    + "on the caller's thread.").withValidator(v -> v >= 1 && v <= 64, "[1,64]");
    public static final ConfigKey<String> RECORDS_POINTER = ConfigKey.ofString("records.pointer", "",
            "A JSON pointer (e.g. /data/items) to the list in the answer that becomes the result's records.");
    public static final ConfigKey<Long> MAX_RETRY_AFTER_MS = ConfigKey.ofLong("max.retry.after.ms", 3_600_000L,
            "The longest Retry-After delay honoured, in milliseconds; a longer one is cut to this.")
            .withValidator(v -> v >= 0, "[0,...]");
    public static final ConfigKey<String> HEALTH_PATH = ConfigKey.ofString("health.path", "",
            "The path under base.url the health check GETs; empty: a HEAD of base.url. Any HTTP answer (even 404) is up.");
    public static final ConfigKey<Integer> ERROR_BODY_CHARS = ConfigKey.ofInt("error.body.chars", 200,
            "How many characters of a textual error body a failure message quotes (secrets masked); 0: none.")
            .withValidator(v -> v >= 0 && v <= 2_000, "[0,2000]");
    public static final ConfigKey<String> HTTP_VERSION = ConfigKey.ofChoice("http.version", "1.1", List.of("1.1", "2"),
            "1.1, or 2 (HTTP/2 where the server offers it, over TLS by ALPN; otherwise HTTP/1.1).");

    private static final List<ConfigKey<?>> KEYS = List.of(BASE_URL, CAPABILITY, METHOD, PATH, QUERY, BODY, HEADERS, AUTH,
            AUTH_TOKEN, AUTH_USER, AUTH_PASSWORD, AUTH_HEADER_NAME, IDEMPOTENCY_HEADER, INDETERMINATE_ON_TIMEOUT, TIMEOUT_MS,
            CONNECT_TIMEOUT_MS, MAX_RESPONSE_BYTES, MAX_URL_LENGTH, FOLLOW_REDIRECTS, MAX_CONCURRENT, THREADS, RECORDS_POINTER,
            MAX_RETRY_AFTER_MS, HEALTH_PATH, ERROR_BODY_CHARS, HTTP_VERSION);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Calls one endpoint of a JSON API over HTTP (the JDK's asynchronous HttpClient): arguments fill the path, "
                + "query and body; a JSON answer is the result; status codes are classified, Retry-After honoured, "
                + "WRITE/SEND calls carry an Idempotency-Key; scheme, host and port are fixed by base.url.";
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return KEYS;
    }

    /**
     * @throws dev.orchestrators.core.errors.ConfigurationException naming the key, for a missing or bad setting
     */
    @Override
    public ToolAdapter create(ToolSettings settings) {
        HttpSettings parsed = HttpSettings.from(settings);
        return new HttpTool(parsed, AdapterMeters.global(settings.toolName(), TYPE));
    }
}
