package dev.orchestrators.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrators.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a request header may be: a name that is an RFC 9110 token, a value of visible ASCII, spaces and tabs only
 * (no CR, LF, NUL or other control character, so no value can start a second header or end the head early), and
 * none of the headers the client or this tool manages itself. Stateless.
 */
final class HeaderRules {
    /** Headers the HTTP client or this tool sets; a fixed header may not set them. */
    static final Set<String> MANAGED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "te", "trailer", "keep-alive", "proxy-authorization", "proxy-connection",
            "authorization", "traceparent", "tracestate");
    private static final String TCHARS = "!#$%&'*+-.^_`|~";

    private HeaderRules() {
    }

    /** Whether {@code name} is a header name (an RFC 9110 token). */
    static boolean isName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && TCHARS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code value} may be sent as a header value: visible ASCII, spaces and tabs only. */
    static boolean isSafeValue(String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && (c < 0x20 || c > 0x7E)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The fixed headers of a {@code headers} setting: a JSON object of names to string values,
     * {@code {"Accept-Language": "en", "X-Client": "orchestrators"}}.
     *
     * @param reserved more names (lower case) a fixed header may not set (the idempotency header, the auth header)
     * @throws IllegalArgumentException naming the bad header (never its value)
     */
    static List<Map.Entry<String, String>> parseFixed(String json, Set<String> reserved) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        JsonNode object;
        try {
            object = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("must be a JSON object of header names to values, "
                    + "e.g. {\"Accept-Language\": \"en\"}");
        }
        if (object == null || !object.isObject()) {
            throw new IllegalArgumentException("must be a JSON object of header names to values");
        }
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!isName(name)) {
                throw new IllegalArgumentException("header '" + name.replaceAll("[^\\x21-\\x7E]", "?") + "' is not a header name");
            }
            if (MANAGED.contains(lower) || reserved.contains(lower)) {
                throw new IllegalArgumentException("header '" + name + "' is set by the tool itself (credentials go in "
                        + "auth=bearer|basic|header with a secret, never in headers)");
            }
            if (!field.getValue().isValueNode() || !isSafeValue(field.getValue().asText())) {
                throw new IllegalArgumentException("header '" + name + "' must have a text value of visible ASCII "
                        + "characters and spaces (no line breaks)");
            }
            out.add(Map.entry(name, field.getValue().asText()));
        }
        return List.copyOf(out);
    }
}
