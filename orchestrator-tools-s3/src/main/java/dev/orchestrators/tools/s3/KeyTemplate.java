package dev.orchestrators.tools.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object key template of an {@code s3-put} tool, such as {@code leads/{lead_id}/{idempotency_key}.json}: fixed
 * text, checked once at start-up, and {@code {name}} placeholders filled from the call's arguments. Each value becomes
 * exactly one key segment, encoded by {@link ObjectKeys#segment} ({@code /}, {@code .}, {@code %} and every byte
 * beyond {@code A-Z a-z 0-9 _ -} escaped as {@code ~XX}), so a payload can neither add a level, climb out of the
 * template's folders nor collide with another value. The template must hold {@code {idempotency_key}}: the object is
 * named by the side effect, so a repeat names the same object. Immutable and thread-safe.
 */
final class KeyTemplate {
    static final String IDEMPOTENCY_KEY = "idempotency_key";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_][a-z0-9_]*)}");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9_./=-]*");

    private final List<String> literals;
    private final List<String> names;
    private final String template;

    private KeyTemplate(String template, List<String> literals, List<String> names) {
        this.template = template;
        this.literals = List.copyOf(literals);
        this.names = List.copyOf(names);
    }

    /**
     * @throws IllegalArgumentException saying what is wrong: text outside the safe characters, an empty, {@code .} or
     *                                  {@code ..} segment, a leading {@code /}, a bad placeholder, or no
     *                                  {@code {idempotency_key}}
     */
    static KeyTemplate parse(String template) {
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int at = 0;
        while (m.find()) {
            literals.add(template.substring(at, m.start()));
            names.add(m.group(1));
            at = m.end();
        }
        literals.add(template.substring(at));
        for (String literal : literals) {
            if (!LITERAL.matcher(literal).matches()) {
                throw new IllegalArgumentException("only letters, digits, _ . / = - and {placeholders} may appear, found '"
                        + literal + "'");
            }
        }
        String shape = PLACEHOLDER.matcher(template).replaceAll("x");
        if (shape.startsWith("/") || shape.endsWith("/") || shape.contains("//")
                || List.of(shape.split("/", -1)).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
            throw new IllegalArgumentException("no leading or trailing '/', and no empty, '.' or '..' segment");
        }
        if (!names.contains(IDEMPOTENCY_KEY)) {
            throw new IllegalArgumentException("it must contain {" + IDEMPOTENCY_KEY + "}, so that a repeated side effect "
                    + "names the same object");
        }
        return new KeyTemplate(template, literals, names);
    }

    /**
     * The object key for {@code arguments}.
     *
     * @throws IllegalArgumentException naming the placeholder whose argument is missing, not a string, number or
     *                                  boolean, or not well-formed Unicode
     */
    String render(Map<String, Object> arguments) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            out.append(literals.get(i));
            Object value = arguments.get(names.get(i));
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new IllegalArgumentException("the object key needs argument '" + names.get(i) + "' as a string, "
                        + "number or boolean, was " + (value == null ? "missing" : value.getClass().getSimpleName()));
            }
            try {
                out.append(ObjectKeys.segment(value.toString()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("argument '" + names.get(i) + "' cannot name an object: " + e.getMessage(), e);
            }
        }
        out.append(literals.get(names.size()));
        if (out.length() > 1024) {
            throw new IllegalArgumentException("the object key would be " + out.length() + " bytes; S3 allows 1024");
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return template;
    }
}
