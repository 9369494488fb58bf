package dev.orchestrators.core.kinds.transformer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Named factories for common field transforms, to pass to {@link Transformer.Builder#transform}. Each returns
 * a new map and keeps the field order; fields it does not name are left as they are. Stateless and
 * thread-safe.
 *
 * <pre>{@code
 * Transformer.newBuilder("normalize_lead")
 *     .transform("trim", Transforms.trim("email", "name"))
 *     .transform("lowercase_email", Transforms.lowercase("email"))
 *     .transform("rename_mail", Transforms.rename("mail", "email"))
 *     .transform("default_country", Transforms.defaultValue("country", "unknown"))
 * }</pre>
 */
public final class Transforms {
    private Transforms() {
    }

    /** Strips leading and trailing white space from the named fields that are strings. */
    public static UnaryOperator<Map<String, Object>> trim(String... fields) {
        return strings(fields, String::strip);
    }

    /** Lower-cases (locale-independently) the named fields that are strings. */
    public static UnaryOperator<Map<String, Object>> lowercase(String... fields) {
        return strings(fields, s -> s.toLowerCase(Locale.ROOT));
    }

    /**
     * Renames field {@code from} to {@code to}, in {@code from}'s position; a field already called {@code to}
     * is replaced. Does nothing when there is no {@code from}.
     */
    public static UnaryOperator<Map<String, Object>> rename(String from, String to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return fields -> {
            if (!fields.containsKey(from)) {
                return fields;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            fields.forEach((name, value) -> {
                if (name.equals(from)) {
                    out.put(to, value);
                } else if (!name.equals(to)) {
                    out.put(name, value);
                }
            });
            return out;
        };
    }

    /** Sets {@code field} to {@code value} when it is missing or {@code null}. */
    public static UnaryOperator<Map<String, Object>> defaultValue(String field, Object value) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        return fields -> {
            Map<String, Object> out = new LinkedHashMap<>(fields);
            if (out.get(field) == null) {
                out.put(field, value);
            }
            return out;
        };
    }

    /** Keeps only the named fields (in their original order). */
    public static UnaryOperator<Map<String, Object>> keep(String... fields) {
        Set<String> kept = Set.copyOf(Arrays.asList(fields));
        return in -> {
            Map<String, Object> out = new LinkedHashMap<>();
            in.forEach((name, value) -> {
                if (kept.contains(name)) {
                    out.put(name, value);
                }
            });
            return out;
        };
    }

    /** Removes the named fields. */
    public static UnaryOperator<Map<String, Object>> drop(String... fields) {
        List<String> dropped = List.of(fields);
        return in -> {
            Map<String, Object> out = new LinkedHashMap<>(in);
            dropped.forEach(out::remove);
            return out;
        };
    }

    private static UnaryOperator<Map<String, Object>> strings(String[] fields, UnaryOperator<String> change) {
        List<String> named = List.of(fields);
        return in -> {
            Map<String, Object> out = new LinkedHashMap<>(in);
            for (String field : named) {
                if (out.get(field) instanceof String s) {
                    out.put(field, change.apply(s));
                }
            }
            return out;
        };
    }
}
