package dev.orchestrators.tools.http;

import dev.orchestrators.tools.ToolCalls;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request path with placeholders, such as {@code /companies/{domain}} or {@code /v2/orders/{id}/lines?expand=all},
 * whose {@code {name}} placeholders are filled from a call's arguments.
 *
 * <p>Each value is percent-encoded as one path segment ({@link PercentEncoding}): it can never add a {@code /},
 * a query or a fragment. A value is refused (a permanent {@code InputRefused}) when it is missing, empty, an
 * object or a list, or when it, or any percent-decoding of it, is or contains a {@code .} or {@code ..} segment
 * between {@code /} or {@code \}: a server that decodes {@code %2F} before resolving dot segments would otherwise
 * let {@code ../../admin} climb out of the template. The template's literal text is checked when configured: only
 * characters a path may hold, no dot segments, and an optional fixed query after {@code ?} without placeholders.
 * Immutable and thread-safe.
 */
final class PathTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_.-]*)}");
    /** RFC 3986 pchar and '/', or a percent-encoded octet. */
    private static final Pattern LITERAL = Pattern.compile("([A-Za-z0-9\\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*");
    private static final int DECODINGS = 3;

    private final String template;
    /** The literal text around the placeholders: one more than {@link #order}. */
    private final List<String> literals;
    /** The placeholders' names in the order they appear (a name may repeat). */
    private final List<String> order;
    private final Set<String> names;
    private final String fixedQuery;

    private PathTemplate(String template, List<String> literals, List<String> order, String fixedQuery) {
        this.template = template;
        this.literals = literals;
        this.order = order;
        this.names = Collections.unmodifiableSet(new LinkedHashSet<>(order));
        this.fixedQuery = fixedQuery;
    }

    /**
     * The template {@code text}: empty, or starting with {@code /}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static PathTemplate parse(String text) {
        String path = text.contains("?") ? text.substring(0, text.indexOf('?')) : text;
        String query = text.contains("?") ? text.substring(text.indexOf('?') + 1) : "";
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalArgumentException("the path must start with '/', was '" + text + "'");
        }
        if (!LITERAL.matcher(query).matches() || query.contains("{")) {
            throw new IllegalArgumentException("the fixed query after '?' may hold only URL characters and no placeholders");
        }
        List<String> literals = new ArrayList<>();
        List<String> order = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(path);
        int at = 0;
        while (m.find()) {
            literals.add(literal(path.substring(at, m.start())));
            order.add(m.group(1));
            at = m.end();
        }
        literals.add(literal(path.substring(at)));
        if (Origin.hasDotSegment(PLACEHOLDER.matcher(path).replaceAll("x"))) {
            throw new IllegalArgumentException("the path may not hold '.' or '..' segments");
        }
        return new PathTemplate(path, List.copyOf(literals), List.copyOf(order), query);
    }

    private static String literal(String text) {
        if (!LITERAL.matcher(text).matches()) {
            throw new IllegalArgumentException("the path may hold only URL path characters, percent-encoded octets and "
                    + "{name} placeholders; '" + text + "' has others");
        }
        return text;
    }

    /** The template as configured, without its fixed query: what messages name instead of the filled path. */
    String template() {
        return template;
    }

    /** The placeholders' names. */
    Set<String> placeholders() {
        return names;
    }

    /** The fixed query after {@code ?}, raw; empty when there is none. */
    String fixedQuery() {
        return fixedQuery;
    }

    /**
     * The raw path with every placeholder replaced by its argument, percent-encoded.
     *
     * @throws dev.orchestrators.core.errors.PermanentException {@code InputRefused} for a missing, empty, structured
     *                                                          or dot-segment value, naming the argument (not its value)
     */
    String expand(Map<String, Object> arguments, String tool) {
        StringBuilder out = new StringBuilder(template.length() + 32).append(literals.get(0));
        for (int i = 0; i < order.size(); i++) {
            String name = order.get(i);
            out.append(PercentEncoding.encode(segmentValue(name, arguments.get(name), tool))).append(literals.get(i + 1));
        }
        return out.toString();
    }

    private static String segmentValue(String name, Object value, String tool) {
        if (value == null) {
            throw ToolCalls.refused(tool, "argument '" + name + "' for {" + name + "} in the path is missing");
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?> || value.getClass().isArray()) {
            throw ToolCalls.refused(tool, "argument '" + name + "' for {" + name + "} in the path is not a single value");
        }
        String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
        if (text.isEmpty()) {
            throw ToolCalls.refused(tool, "argument '" + name + "' for {" + name + "} in the path is empty");
        }
        String decoded = text;
        for (int i = 0; i <= DECODINGS; i++) {
            if (Origin.hasDotSegment("/" + decoded.replace('\\', '/'))) {
                throw ToolCalls.refused(tool, "argument '" + name + "' for {" + name + "} in the path holds a '.' or '..' "
                        + "segment, which could step out of the path");
            }
            decoded = PercentEncoding.decodeLeniently(decoded);
        }
        return text;
    }

    @Override
    public String toString() {
        return template + (fixedQuery.isEmpty() ? "" : "?" + fixedQuery);
    }
}
