package dev.orchestrators.core.kinds.transformer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/** The JSON type a {@link RecordSchema} field must have. */
public enum FieldType {
    /** A JSON string. */
    STRING("a string"),
    /** Any JSON number. */
    NUMBER("a number"),
    /** A JSON number without a fractional part ({@code 3} and {@code 3.0}, not {@code 3.5}). */
    INTEGER("an integer"),
    /** {@code true} or {@code false}. */
    BOOLEAN("a boolean"),
    /** A JSON object (a {@link Map}). */
    OBJECT("an object"),
    /** A JSON array (a {@link Collection}). */
    ARRAY("an array");

    private final String description;

    FieldType(String description) {
        this.description = description;
    }

    /** Whether {@code value} (not {@code null}) is of this type. */
    public boolean accepts(Object value) {
        return switch (this) {
            case STRING -> value instanceof String;
            case NUMBER -> value instanceof Number;
            case INTEGER -> isIntegral(value);
            case BOOLEAN -> value instanceof Boolean;
            case OBJECT -> value instanceof Map<?, ?>;
            case ARRAY -> value instanceof Collection<?>;
        };
    }

    /** How messages name this type: {@code a string}, {@code an integer}, ... */
    public String description() {
        return description;
    }

    /** How messages name the type of {@code value}, as the most specific JSON type it has. */
    static String describe(Object value) {
        if (value instanceof Number) {
            return isIntegral(value) ? INTEGER.description : NUMBER.description;
        }
        for (FieldType type : values()) {
            if (type != INTEGER && type.accepts(value)) {
                return type.description;
            }
        }
        return "a " + value.getClass().getSimpleName();
    }

    private static boolean isIntegral(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return true;
        }
        if (value instanceof BigDecimal d) {
            return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) && d == Math.rint(d);
        }
        return false;
    }
}
