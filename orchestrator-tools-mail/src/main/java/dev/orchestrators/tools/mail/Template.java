package dev.orchestrators.tools.mail;

import dev.orchestrators.core.errors.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A text with {@code {name}} placeholders (<code>{{</code> and <code>}}</code> stand for literal braces), parsed once at
 * start-up: {@code "New lead: {name} at {company_name}"}. Filling it never interprets a value: values are inserted as
 * they are, so a value cannot add a placeholder. Immutable and thread-safe.
 */
final class Template {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    /** A literal run ({@code placeholder == false}) or a placeholder's name. */
    private record Part(String text, boolean placeholder) {
    }

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses {@code source}.
     *
     * @param key the setting it came from, named by the failure
     * @throws ConfigurationException naming {@code key} for an unclosed brace or a placeholder that is not a name
     */
    static Template parse(String source, String key) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < source.length() && source.charAt(i + 1) == c) {
                literal.append(c);
                i += 2;
            } else if (c == '{') {
                int end = source.indexOf('}', i);
                String name = end < 0 ? "" : source.substring(i + 1, end);
                if (!NAME.matcher(name).matches()) {
                    throw new ConfigurationException(key + ": '" + source + "' has a '{' at " + i + " that does not start "
                            + "a {name} placeholder (names are letters, digits, '_', '.', '-'; write {{ for a brace)");
                }
                addLiteral(parts, literal);
                parts.add(new Part(name, true));
                i = end + 1;
            } else if (c == '}') {
                throw new ConfigurationException(key + ": '" + source + "' has a '}' at " + i + " without its '{' (write }} for a brace)");
            } else {
                literal.append(c);
                i++;
            }
        }
        addLiteral(parts, literal);
        return new Template(source, parts);
    }

    private static void addLiteral(List<Part> parts, StringBuilder literal) {
        if (literal.length() > 0) {
            parts.add(new Part(literal.toString(), false));
            literal.setLength(0);
        }
    }

    /** Whether the template is empty. */
    boolean isEmpty() {
        return parts.isEmpty();
    }

    /**
     * The text with each placeholder replaced by its value.
     *
     * @param values  a placeholder's value, or empty when the call has none (a caller maps a present null to "")
     * @param missing the failure for a placeholder without a value, given its name
     */
    String fill(Function<String, Optional<Object>> values, Function<String, RuntimeException> missing) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (!part.placeholder()) {
                out.append(part.text());
                continue;
            }
            Object value = values.apply(part.text()).orElseThrow(() -> missing.apply(part.text()));
            out.append(value == null ? "" : value.toString());
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
