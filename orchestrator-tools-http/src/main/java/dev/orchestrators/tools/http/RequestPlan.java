package dev.orchestrators.tools.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orchestrators.core.json.Json;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.tools.ToolCalls;
import dev.orchestrators.tools.http.HttpSettings.Selection;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a call into the request it sends: the path template filled and percent-encoded, the query string, the JSON
 * body, and the headers (fixed ones, {@code Accept}, {@code Content-Type}, credentials, the idempotency key, the W3C
 * trace context). Every argument value is encoded or refused; none can change the scheme, host, port or base path
 * ({@link Origin#resolve} checks the final URI) or add a header. Thread-safe.
 */
final class RequestPlan {
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final int MAX_TRACESTATE = 512;

    private final HttpSettings settings;

    RequestPlan(HttpSettings settings) {
        this.settings = settings;
    }

    /**
     * One request, ready to send (and to send again to a redirect target).
     *
     * @param target  what the call is, for messages and classification
     * @param uri     the request URI, admitted by the origin
     * @param headers every request header
     * @param body    the JSON body, or {@code null}
     */
    record Outgoing(Target target, URI uri, List<Map.Entry<String, String>> headers, byte[] body) {

        /** The request to {@code to} with {@code method}, with the body or without it. */
        HttpRequest request(URI to, String method, boolean withBody, java.time.Duration timeout) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(to).timeout(timeout);
            for (Map.Entry<String, String> header : headers) {
                if (withBody || !header.getKey().equalsIgnoreCase("Content-Type")) {
                    builder.header(header.getKey(), header.getValue());
                }
            }
            return builder.method(method, withBody && body != null ? HttpRequest.BodyPublishers.ofByteArray(body)
                    : HttpRequest.BodyPublishers.noBody()).build();
        }
    }

    /**
     * The request {@code call} makes.
     *
     * @throws dev.orchestrators.core.errors.PermanentException {@code MissingIdempotencyKey} for a WRITE/SEND call
     *         without a key, {@code InputRefused} for an argument that cannot go where it is configured to
     */
    Outgoing prepare(ToolCall call) {
        String tool = settings.tool();
        String key = settings.sideEffect() ? ToolCalls.requireIdempotencyKey(call) : null;
        if (key != null && !HeaderRules.isSafeValue(key)) {
            throw ToolCalls.refused(tool, "the idempotency_key holds a line break or a character a header cannot carry");
        }
        Target target = new Target(tool, settings.method(), settings.pathTemplate(), key, settings.indeterminateOnTimeout());
        Map<String, Object> arguments = call.arguments();
        Set<String> inPath = settings.path().placeholders();
        String path = settings.path().expand(arguments, tool);
        Map<String, Object> query = select(settings.query(), arguments, inPath, Set.of());
        Map<String, Object> body = select(settings.body(), arguments, inPath, query.keySet());
        String raw = path + queryString(query, tool);
        if (settings.origin().baseUrl().length() + raw.length() > settings.maxUrlLength()) {
            throw ToolCalls.refused(tool, "the arguments make a URL longer than max.url.length=" + settings.maxUrlLength());
        }
        URI uri = settings.origin().resolve(raw);
        if (uri == null) {
            throw ToolCalls.refused(tool, "the arguments would take the request out of " + settings.origin().baseUrl());
        }
        return new Outgoing(target, uri, headers(call, key, settings.body().mode() != Selection.Mode.NONE),
                settings.body().mode() == Selection.Mode.NONE ? null : json(body, tool));
    }

    private static Map<String, Object> select(Selection selection, Map<String, Object> arguments, Set<String> inPath,
                                              Set<String> taken) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (selection.mode()) {
            case NONE -> { }
            case ALL -> arguments.forEach((name, value) -> {
                if (!inPath.contains(name) && !taken.contains(name) && !name.equals(ToolCalls.IDEMPOTENCY_KEY)) {
                    out.put(name, value);
                }
            });
            case NAMED -> selection.names().forEach(name -> {
                if (arguments.containsKey(name)) {
                    out.put(name, arguments.get(name));
                }
            });
            default -> throw new IllegalStateException(selection.mode().toString());
        }
        return out;
    }

    private String queryString(Map<String, Object> query, String tool) {
        StringBuilder out = new StringBuilder(settings.path().fixedQuery());
        query.forEach((name, value) -> {
            if (value instanceof Map<?, ?>) {
                throw ToolCalls.refused(tool, "argument '" + name + "' is an object and cannot go into the query string");
            }
            for (Object item : value instanceof Collection<?> many ? many : java.util.Collections.singletonList(value)) {
                if (item == null) {
                    continue;
                }
                if (item instanceof Map<?, ?> || item instanceof Collection<?>) {
                    throw ToolCalls.refused(tool, "argument '" + name + "' nests objects or lists and cannot go into the query string");
                }
                out.append(out.length() == 0 ? "" : "&").append(PercentEncoding.encode(name)).append('=')
                        .append(PercentEncoding.encode(item instanceof BigDecimal d ? d.toPlainString() : item.toString()));
            }
        });
        return out.length() == 0 ? "" : "?" + out;
    }

    private List<Map.Entry<String, String>> headers(ToolCall call, String key, boolean hasBody) {
        List<Map.Entry<String, String>> out = new ArrayList<>(settings.headers());
        if (out.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Accept"))) {
            out.add(Map.entry("Accept", "application/json"));
        }
        if (hasBody && out.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Content-Type"))) {
            out.add(Map.entry("Content-Type", "application/json"));
        }
        Map.Entry<String, String> credentials = settings.auth().header();
        if (credentials != null) {
            out.add(credentials);
        }
        if (key != null) {
            out.add(Map.entry(settings.idempotencyHeader(), key));
        }
        // Trace context is forwarded when well-formed and dropped otherwise: tracing never fails a call.
        String traceparent = call.traceContext().get(ToolCall.TRACEPARENT);
        if (traceparent != null && TRACEPARENT.matcher(traceparent).matches()) {
            out.add(Map.entry(ToolCall.TRACEPARENT, traceparent));
            String tracestate = call.traceContext().get(ToolCall.TRACESTATE);
            if (tracestate != null && !tracestate.isEmpty() && tracestate.length() <= MAX_TRACESTATE
                    && HeaderRules.isSafeValue(tracestate)) {
                out.add(Map.entry(ToolCall.TRACESTATE, tracestate));
            }
        }
        return out;
    }

    private static byte[] json(Map<String, Object> body, String tool) {
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw ToolCalls.refused(tool, "the arguments cannot be written as a JSON body");
        }
    }
}
