package dev.orchestrators.tools.vector;

import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.tools.ToolCalls;
import java.time.Duration;
import java.util.Objects;

/**
 * A call's arguments, checked before anything is embedded: {@code query} (text) and the optional {@code top_k}.
 * Refused, as the permanent {@code InputRefused} saying what was refused: a missing or non-text query, a blank one, one
 * longer than {@code text.max.chars} (it would cost CPU for nothing: the model reads its first 128 word pieces), one
 * holding a NUL character, and a {@code top_k} that is not a whole number in {@code [1, top.k.max]}. Immutable.
 *
 * @param query the text to search for
 * @param topK  how many records at most
 */
record SearchRequest(String query, int topK) {
    static final String QUERY = "query";
    static final String TOP_K = "top_k";

    /**
     * The limits a tool applies to calls. Immutable.
     *
     * @param topK         records when a call gives no {@code top_k}
     * @param topKMax      the largest {@code top_k} a call may ask for
     * @param minScore     the lowest cosine similarity returned
     * @param textMaxChars the longest query
     * @param timeout      the time-out of a call
     */
    record Limits(int topK, int topKMax, double minScore, int textMaxChars, Duration timeout) {
        Limits {
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /**
     * The checked arguments of {@code call}.
     *
     * @throws dev.orchestrators.core.errors.PermanentException {@code InputRefused} saying what was refused
     */
    static SearchRequest of(ToolCall call, Limits limits) {
        Object value = call.argument(QUERY);
        if (!(value instanceof String query)) {
            throw ToolCalls.refused(call.tool(), value == null ? "the argument 'query' is missing"
                    : "the argument 'query' must be text, was " + jsonType(value));
        }
        if (query.isBlank()) {
            throw ToolCalls.refused(call.tool(), "the query is empty");
        }
        if (query.length() > limits.textMaxChars()) {
            throw ToolCalls.refused(call.tool(), "the query is " + query.length() + " characters long, more than "
                    + "text.max.chars=" + limits.textMaxChars());
        }
        if (query.indexOf('\0') >= 0) {
            throw ToolCalls.refused(call.tool(), "the query holds a NUL character");
        }
        return new SearchRequest(query, topK(call, limits));
    }

    private static String jsonType(Object value) {
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof java.util.Map) {
            return "an object";
        }
        return value instanceof java.util.Collection || value.getClass().isArray() ? "a list" : "a " + value.getClass().getSimpleName();
    }

    private static int topK(ToolCall call, Limits limits) {
        Object value = call.argument(TOP_K);
        if (value == null) {
            return limits.topK();
        }
        long k;
        if (value instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() == Math.rint(n.doubleValue())) {
            k = (long) n.doubleValue();
        } else if (value instanceof String s && s.trim().matches("[0-9]{1,9}")) {
            k = Long.parseLong(s.trim());
        } else {
            k = -1;
        }
        if (k < 1 || k > limits.topKMax()) {
            String shown = String.valueOf(value);
            throw ToolCalls.refused(call.tool(), "top_k must be a whole number from 1 to top.k.max=" + limits.topKMax()
                    + ", was " + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown));
        }
        return (int) k;
    }
}
