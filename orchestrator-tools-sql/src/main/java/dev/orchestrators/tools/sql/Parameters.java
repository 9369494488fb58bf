package dev.orchestrators.tools.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.json.Json;
import dev.orchestrators.tools.ToolCalls;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Binds a call's arguments to a statement's named parameters, always as JDBC parameters (the statement text
 * never changes):
 * <ul>
 *   <li>a string as text (the PostgreSQL pool sends it untyped, so the server casts it to the column's type:
 *       a uuid, a timestamptz, a bigint id given as "42"); {@code null} as SQL NULL;</li>
 *   <li>an integer as {@code bigint} ({@code int} when it fits an Integer), any other number as {@code numeric}
 *       (a {@code double} as {@code double precision}), a boolean as {@code boolean};</li>
 *   <li>a list of scalars as an SQL array: {@code text[]}, {@code bigint[]}, {@code numeric[]},
 *       {@code double precision[]} or {@code boolean[]} by its elements (for {@code = ANY(:ids)}); a list mixing
 *       strings and numbers is refused;</li>
 *   <li>an object, or a list holding objects or lists, as its JSON text (cast it: {@code :doc::jsonb});</li>
 *   <li>java.time values, UUIDs as themselves.</li>
 * </ul>
 * A parameter without an argument is a permanent {@code MissingArgument}; on PostgreSQL a string with a NUL
 * byte, which its text cannot hold, is refused ({@code InputRefused}) naming the argument. Stateless.
 */
final class Parameters {

    private Parameters() {
    }

    /**
     * Binds {@code arguments} to {@code statement}'s placeholders.
     *
     * @throws PermanentException {@code MissingArgument} or {@code InputRefused}, naming the argument
     */
    static void bind(String tool, NamedSql sql, Map<String, Object> arguments, Connection connection,
                     PreparedStatement statement, boolean postgres) throws SQLException {
        List<String> names = sql.parameters();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!arguments.containsKey(name)) {
                throw new PermanentException("MissingArgument", "tool '" + tool + "' needs argument '" + name
                        + "' (its SQL names :" + name + "); the call has " + arguments.keySet(), null);
            }
            bindOne(tool, name, arguments.get(name), connection, statement, i + 1, postgres);
        }
    }

    private static void bindOne(String tool, String name, Object value, Connection connection, PreparedStatement ps,
                                int index, boolean postgres) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof CharSequence text) {
            ps.setString(index, checked(tool, name, text.toString(), postgres));
        } else if (value instanceof Boolean b) {
            ps.setBoolean(index, b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            ps.setInt(index, ((Number) value).intValue());
        } else if (value instanceof Long l) {
            ps.setLong(index, l);
        } else if (value instanceof Double || value instanceof Float) {
            ps.setDouble(index, ((Number) value).doubleValue());
        } else if (value instanceof BigDecimal d) {
            ps.setBigDecimal(index, d);
        } else if (value instanceof BigInteger b) {
            ps.setBigDecimal(index, new BigDecimal(b));
        } else if (value instanceof Collection<?> list && isScalars(list)) {
            ps.setArray(index, connection.createArrayOf(arrayType(tool, name, list), elements(tool, name, list, postgres)));
        } else if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
            ps.setString(index, checked(tool, name, jsonText(tool, name, value), postgres));
        } else if (value instanceof Instant instant) {
            ps.setObject(index, instant.atOffset(ZoneOffset.UTC));
        } else if (value instanceof Temporal || value instanceof UUID) {
            ps.setObject(index, value);
        } else {
            throw ToolCalls.refused(tool, "argument '" + name + "' is a " + value.getClass().getSimpleName()
                    + ", which does not bind as an SQL value (strings, numbers, booleans, null, lists and objects do)");
        }
    }

    private static boolean isScalars(Collection<?> list) {
        return list.stream().allMatch(e -> e == null || e instanceof CharSequence || e instanceof Number || e instanceof Boolean);
    }

    /** The SQL element type of a list of scalars; an empty or all-null list is {@code text[]}. */
    private static String arrayType(String tool, String name, Collection<?> list) {
        boolean text = false;
        boolean bool = false;
        boolean integral = false;
        boolean floating = false;
        boolean decimal = false;
        for (Object e : list) {
            text |= e instanceof CharSequence;
            bool |= e instanceof Boolean;
            integral |= e instanceof Integer || e instanceof Long || e instanceof Short || e instanceof Byte || e instanceof BigInteger;
            floating |= e instanceof Double || e instanceof Float;
            decimal |= e instanceof BigDecimal;
        }
        boolean number = integral || floating || decimal;
        if ((text ? 1 : 0) + (bool ? 1 : 0) + (number ? 1 : 0) > 1) {
            throw ToolCalls.refused(tool, "argument '" + name + "' is a list mixing strings, numbers and booleans; "
                    + "a list binds as an SQL array of one type");
        }
        if (bool) {
            return "bool";
        }
        if (decimal || (integral && floating)) {
            return "numeric";
        }
        return floating ? "float8" : integral ? "int8" : "text";
    }

    private static Object[] elements(String tool, String name, Collection<?> list, boolean postgres) {
        Object[] out = new Object[list.size()];
        int i = 0;
        for (Object e : list) {
            if (e instanceof CharSequence s) {
                out[i++] = checked(tool, name, s.toString(), postgres);
            } else if (e instanceof Integer || e instanceof Short || e instanceof Byte) {
                out[i++] = ((Number) e).longValue();
            } else if (e instanceof BigInteger b) {
                out[i++] = new BigDecimal(b);
            } else {
                out[i++] = e;
            }
        }
        return out;
    }

    private static String jsonText(String tool, String name, Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw ToolCalls.refused(tool, "argument '" + name + "' cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /** PostgreSQL's text cannot hold U+0000: refuse it here, naming the argument, rather than let the server fail. */
    private static String checked(String tool, String name, String text, boolean postgres) {
        if (postgres && text.indexOf('\u0000') >= 0) {
            throw ToolCalls.refused(tool, "argument '" + name + "' contains a NUL byte (U+0000), which PostgreSQL text "
                    + "cannot store; remove it from the value");
        }
        return text;
    }
}
