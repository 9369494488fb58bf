package dev.orchestrators.core.kinds.transformer;

import dev.orchestrators.core.errors.ConfigurationException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a record's fields must look like: per field whether it is required, its {@link FieldType}, and for
 * strings an optional pattern and length bounds; for any type an optional list of allowed values. Fields the
 * schema does not name are allowed. Immutable and thread-safe; build with {@link #newBuilder()}.
 *
 * <pre>{@code
 * RecordSchema lead = RecordSchema.newBuilder()
 *     .field(Field.required("email", FieldType.STRING).withPattern("[^@\\s]+@[^@\\s]+").withMaxLength(254))
 *     .field(Field.optional("country", FieldType.STRING).withAllowedValues("DE", "FR", "GB"))
 *     .required("score", FieldType.NUMBER)
 *     .build();
 * List<String> reasons = lead.validate(Map.of("email", "nope"));
 * // ["field 'email' must match pattern '[^@\\s]+@[^@\\s]+'", "field 'score' is required"]
 * }</pre>
 */
public final class RecordSchema {
    private final List<Field> fields;
    private final Map<String, Pattern> patterns;

    private RecordSchema(List<Field> fields) {
        this.fields = List.copyOf(fields);
        Map<String, Pattern> compiled = new LinkedHashMap<>();
        fields.stream().filter(f -> f.pattern() != null).forEach(f -> compiled.put(f.name(), Pattern.compile(f.pattern())));
        this.patterns = Map.copyOf(compiled);
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** The fields, in declaration order. */
    public List<Field> fields() {
        return fields;
    }

    /**
     * Checks {@code record} against every field, in declaration order. Reasons name the field and the rule but
     * never echo the value (they end up in envelopes and audit entries, which must not copy personal data).
     *
     * @return one human-readable reason per violation; empty when the record is valid
     */
    public List<String> validate(Map<String, Object> record) {
        Objects.requireNonNull(record, "record");
        List<String> reasons = new ArrayList<>();
        for (Field field : fields) {
            Object value = record.get(field.name());
            if (value == null) {
                if (field.required()) {
                    reasons.add("field '" + field.name() + "' is required");
                }
            } else if (!field.type().accepts(value)) {
                reasons.add("field '" + field.name() + "' must be " + field.type().description() + ", was "
                        + FieldType.describe(value));
            } else {
                check(field, value, reasons);
            }
        }
        return reasons;
    }

    private void check(Field field, Object value, List<String> reasons) {
        String name = "field '" + field.name() + "'";
        if (value instanceof String s) {
            int length = s.codePointCount(0, s.length());
            if (field.minLength() != null && length < field.minLength()) {
                reasons.add(name + " must be at least " + field.minLength() + " characters long, was " + length);
            }
            if (field.maxLength() != null && length > field.maxLength()) {
                reasons.add(name + " must be at most " + field.maxLength() + " characters long, was " + length);
            }
            Pattern pattern = patterns.get(field.name());
            if (pattern != null && !pattern.matcher(s).matches()) {
                reasons.add(name + " must match pattern '" + field.pattern() + "'");
            }
        }
        if (!field.allowedValues().isEmpty() && field.allowedValues().stream().noneMatch(a -> same(a, value))) {
            reasons.add(name + " must be one of " + field.allowedValues());
        }
    }

    /** Numbers are equal by value ({@code 1} and {@code 1L} and {@code 1.0}), everything else by {@code equals}. */
    private static boolean same(Object allowed, Object value) {
        if (allowed instanceof Number a && value instanceof Number v) {
            try {
                return new BigDecimal(a.toString()).compareTo(new BigDecimal(v.toString())) == 0;
            } catch (NumberFormatException notFinite) {
                return allowed.equals(value); // NaN or an infinity
            }
        }
        return allowed.equals(value);
    }

    @Override
    public String toString() {
        return "RecordSchema" + fields;
    }

    /**
     * The rules of one field. Immutable; derive refined copies with the {@code withX} methods.
     *
     * @param name          the field's name
     * @param type          the JSON type its value must have
     * @param required      whether it must be present and not {@code null} (an optional field may be absent)
     * @param pattern       a regular expression a string must match entirely, or {@code null}
     * @param allowedValues the values it may take; empty for any
     * @param minLength     the fewest characters (code points) a string may have, or {@code null}
     * @param maxLength     the most characters (code points) a string may have, or {@code null}
     */
    public record Field(String name, FieldType type, boolean required, String pattern, List<Object> allowedValues,
                        Integer minLength, Integer maxLength) {

        /**
         * @throws ConfigurationException when the name is blank, the pattern does not compile, a pattern or length
         *                                is set on a non-string field, a length is negative or min exceeds max
         */
        public Field {
            if (name == null || name.isBlank()) {
                throw new ConfigurationException("a schema field needs a non-blank name");
            }
            Objects.requireNonNull(type, "type");
            allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
            boolean stringRules = pattern != null || minLength != null || maxLength != null;
            if (stringRules && type != FieldType.STRING) {
                throw new ConfigurationException("schema field '" + name + "' is " + type
                        + ": a pattern or length applies only to STRING fields");
            }
            if ((minLength != null && minLength < 0) || (maxLength != null && maxLength < 0)) {
                throw new ConfigurationException("schema field '" + name + "' lengths must be >= 0");
            }
            if (minLength != null && maxLength != null && minLength > maxLength) {
                throw new ConfigurationException("schema field '" + name + "' has minLength " + minLength
                        + " > maxLength " + maxLength);
            }
            if (pattern != null) {
                try {
                    Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    throw new ConfigurationException("schema field '" + name + "' has an invalid pattern: " + e.getDescription(), e);
                }
            }
        }

        /** A field that must be present, non-null and of {@code type}. */
        public static Field required(String name, FieldType type) {
            return new Field(name, type, true, null, List.of(), null, null);
        }

        /** A field that may be absent or {@code null}, and is of {@code type} when present. */
        public static Field optional(String name, FieldType type) {
            return new Field(name, type, false, null, List.of(), null, null);
        }

        /** @throws ConfigurationException when {@code regex} does not compile or the field is not a STRING */
        public Field withPattern(String regex) {
            return new Field(name, type, required, Objects.requireNonNull(regex, "regex"), allowedValues, minLength, maxLength);
        }

        /** @throws NullPointerException when a value is {@code null} */
        public Field withAllowedValues(Object... values) {
            return new Field(name, type, required, pattern, Arrays.asList(values), minLength, maxLength);
        }

        /** @throws ConfigurationException when negative, above the max length, or the field is not a STRING */
        public Field withMinLength(int length) {
            return new Field(name, type, required, pattern, allowedValues, length, maxLength);
        }

        /** @throws ConfigurationException when negative, below the min length, or the field is not a STRING */
        public Field withMaxLength(int length) {
            return new Field(name, type, required, pattern, allowedValues, minLength, length);
        }
    }

    /** Builder. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Field> fields = new LinkedHashMap<>();

        private Builder() {
        }

        /** @throws ConfigurationException when a field of the same name was added already */
        public Builder field(Field field) {
            Objects.requireNonNull(field, "field");
            if (fields.putIfAbsent(field.name(), field) != null) {
                throw new ConfigurationException("the schema has two fields named '" + field.name() + "'");
            }
            return this;
        }

        /** Shorthand for {@code field(Field.required(name, type))}. */
        public Builder required(String name, FieldType type) {
            return field(Field.required(name, type));
        }

        /** Shorthand for {@code field(Field.optional(name, type))}. */
        public Builder optional(String name, FieldType type) {
            return field(Field.optional(name, type));
        }

        public RecordSchema build() {
            return new RecordSchema(new ArrayList<>(fields.values()));
        }
    }
}
