package dev.orchestrators.core.config;

import dev.orchestrators.core.errors.ConfigurationException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One documented configuration key: its name, type, default, validator, importance and doc string, the fields
 * Kafka's {@code ConfigDef} gives a key, for code that must not depend on Kafka. Immutable; create with the
 * typed factories and refine with {@code withX}:
 *
 * <pre>{@code
 * static final ConfigKey<Integer> POOL_SIZE = ConfigKey.ofInt("pool.size", 8, "Connections in the pool.")
 *         .withValidator(v -> v >= 1, "[1,...]").withImportance(Importance.HIGH);
 * int size = POOL_SIZE.parse(settings.get(POOL_SIZE.name()));   // the default when absent
 * }</pre>
 *
 * @param <T>          the parsed value's type
 * @param name         the key, relative to where it is read (a tool's keys are under {@code tool.<name>.})
 * @param type         the type's name in the docs: {@code string}, {@code int}, {@code long}, ...
 * @param defaultValue the value when the key is absent; {@code null}: the key is required
 * @param parser       turns the raw string into a value; throws any exception for a bad value
 * @param validator    accepts or refuses a parsed value
 * @param validValues  the valid values as the docs show them ({@code ""}: any)
 * @param importance   how much a user needs to know the key
 * @param doc          what the key does, in a sentence or two
 */
public record ConfigKey<T>(String name, String type, T defaultValue, Function<String, T> parser,
                           Predicate<T> validator, String validValues, Importance importance, String doc) {

    /** How much a user needs to know a key, as in Kafka's {@code ConfigDef.Importance}. */
    public enum Importance { HIGH, MEDIUM, LOW }

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(validValues, "validValues");
        Objects.requireNonNull(importance, "importance");
        Objects.requireNonNull(doc, "doc");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a configuration key needs a name");
        }
    }

    public static ConfigKey<String> ofString(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, "string", defaultValue, s -> s, v -> true, "", Importance.MEDIUM, doc);
    }

    public static ConfigKey<Integer> ofInt(String name, Integer defaultValue, String doc) {
        return new ConfigKey<>(name, "int", defaultValue, s -> Integer.parseInt(s.trim()), v -> true, "", Importance.MEDIUM, doc);
    }

    public static ConfigKey<Long> ofLong(String name, Long defaultValue, String doc) {
        return new ConfigKey<>(name, "long", defaultValue, s -> Long.parseLong(s.trim()), v -> true, "", Importance.MEDIUM, doc);
    }

    public static ConfigKey<Boolean> ofBoolean(String name, Boolean defaultValue, String doc) {
        return new ConfigKey<>(name, "boolean", defaultValue, ConfigKey::parseBoolean, v -> true, "", Importance.MEDIUM, doc);
    }

    /** A comma-separated list; blanks around the items are dropped. */
    public static ConfigKey<List<String>> ofList(String name, List<String> defaultValue, String doc) {
        return new ConfigKey<>(name, "list", defaultValue == null ? null : List.copyOf(defaultValue),
                s -> s.isBlank() ? List.of() : List.of(s.trim().split("\\s*,\\s*")), v -> true, "", Importance.MEDIUM, doc);
    }

    /** A secret given by reference, {@code file:/path} or {@code env:NAME}; a literal value is refused (see {@link Secret}). */
    public static ConfigKey<Secret> ofSecret(String name, String doc) {
        return new ConfigKey<>(name, "secret", Secret.NONE, Secret::parse, v -> true, "file:<path> or env:<NAME>",
                Importance.HIGH, doc);
    }

    /** One of {@code values}, case-insensitive, given back in lower case. */
    public static ConfigKey<String> ofChoice(String name, String defaultValue, List<String> values, String doc) {
        return new ConfigKey<>(name, "string", defaultValue, s -> s.trim().toLowerCase(Locale.ROOT), values::contains,
                values.toString(), Importance.MEDIUM, doc);
    }

    /** This key, validated by {@code rule}, documented as {@code validValues}. */
    public ConfigKey<T> withValidator(Predicate<T> rule, String documented) {
        return new ConfigKey<>(name, type, defaultValue, parser, rule, documented, importance, doc);
    }

    public ConfigKey<T> withImportance(Importance value) {
        return new ConfigKey<>(name, type, defaultValue, parser, validator, validValues, value, doc);
    }

    /** This key, required: no default, so {@link #parse} of an absent value fails naming it. */
    public ConfigKey<T> required() {
        return new ConfigKey<>(name, type, null, parser, validator, validValues, Importance.HIGH, doc);
    }

    /** Whether the key has no default and must be given. */
    public boolean isRequired() {
        return defaultValue == null;
    }

    /**
     * The value of {@code raw} (the default when {@code raw} is {@code null} or blank), as {@code qualifiedName}
     * names the key in messages.
     *
     * @throws ConfigurationException naming the key when the value is missing, malformed or invalid
     */
    public T parse(String raw, String qualifiedName) {
        if (raw == null || raw.isBlank()) {
            if (defaultValue == null) {
                throw new ConfigurationException(qualifiedName + " is required: " + doc);
            }
            return defaultValue;
        }
        T value;
        try {
            value = parser.apply(raw);
        } catch (ConfigurationException e) {
            throw new ConfigurationException(qualifiedName + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ConfigurationException(qualifiedName + " must be a " + type + ", was '" + raw + "'");
        }
        if (!validator.test(value)) {
            throw new ConfigurationException(qualifiedName + " must be in " + validValues + ", was '" + raw + "'");
        }
        return value;
    }

    /** {@link #parse(String, String)} naming the key by {@link #name()}. */
    public T parse(String raw) {
        return parse(raw, name);
    }

    /** The default as the docs show it. */
    public String documentedDefault() {
        if (defaultValue == null) {
            return "(required)";
        }
        if (defaultValue instanceof Secret secret) {
            return secret == Secret.NONE ? "\"\"" : secret.reference();
        }
        String text = defaultValue instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(defaultValue);
        return "`" + (text.isEmpty() ? "\"\"" : text) + "`";
    }

    private static Boolean parseBoolean(String raw) {
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        throw new IllegalArgumentException(raw);
    }
}
