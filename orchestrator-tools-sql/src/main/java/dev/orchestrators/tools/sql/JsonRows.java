package dev.orchestrators.tools.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.json.Json;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rows as JSON-friendly maps, column label to value: numbers stay numbers ({@code numeric} exactly, as
 * {@link BigDecimal}), text, booleans and {@code null} as they are; {@code timestamptz} as an ISO instant
 * ({@code 2024-05-01T10:00:00Z}), {@code timestamp}, {@code date} and {@code time} as ISO local values;
 * {@code json}/{@code jsonb} as nested JSON; arrays as lists; {@code bytea} as base64; {@code uuid},
 * {@code interval} and other types as their text; NaN and infinities as the strings PostgreSQL prints. Stateless.
 */
final class JsonRows {
    /** Reads JSON keeping every number exact (a {@code numeric} in a jsonb stays a BigDecimal). */
    static final ObjectMapper EXACT = Json.mapper().copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Rows read, and whether more existed than the limit. */
    record Rows(List<Map<String, Object>> records, int total, boolean truncated) {
    }

    private JsonRows() {
    }

    /**
     * Reads up to {@code limit} rows of {@code rs} and counts the rest (at most one more is fetched when the
     * statement's max rows is {@code limit + 1}).
     *
     * @throws PermanentException {@code DuplicateColumn} when two columns have the same label
     */
    static Rows read(String tool, ResultSet rs, int limit) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int columns = meta.getColumnCount();
        String[] labels = labels(tool, meta);
        String[] typeNames = new String[columns];
        int[] types = new int[columns];
        for (int c = 0; c < columns; c++) {
            typeNames[c] = String.valueOf(meta.getColumnTypeName(c + 1)).toLowerCase(Locale.ROOT);
            types[c] = meta.getColumnType(c + 1);
        }
        List<Map<String, Object>> records = new ArrayList<>();
        int total = 0;
        while (rs.next()) {
            total++;
            if (records.size() < limit) {
                Map<String, Object> row = new LinkedHashMap<>(columns * 2);
                for (int c = 0; c < columns; c++) {
                    row.put(labels[c], value(rs, c + 1, types[c], typeNames[c]));
                }
                records.add(row);
            }
        }
        return new Rows(records, total, total > limit);
    }

    private static String[] labels(String tool, ResultSetMetaData meta) throws SQLException {
        String[] labels = new String[meta.getColumnCount()];
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int c = 0; c < labels.length; c++) {
            labels[c] = meta.getColumnLabel(c + 1);
            if (!seen.add(labels[c])) {
                throw new PermanentException("DuplicateColumn", "tool '" + tool + "': the statement returns two columns "
                        + "labelled '" + labels[c] + "'; give one another name with AS", null);
            }
        }
        return labels;
    }

    private static Object value(ResultSet rs, int column, int type, String typeName) throws SQLException {
        switch (typeName) {
            case "timestamptz", "timestamp with time zone" -> {
                return instant(rs.getObject(column, OffsetDateTime.class));
            }
            case "timestamp", "timestamp without time zone" -> {
                LocalDateTime v = rs.getObject(column, LocalDateTime.class);
                return v == null ? null : infinity(v.equals(LocalDateTime.MAX), v.equals(LocalDateTime.MIN),
                        () -> v.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
            }
            case "date" -> {
                LocalDate v = rs.getObject(column, LocalDate.class);
                return v == null ? null : infinity(v.equals(LocalDate.MAX), v.equals(LocalDate.MIN), v::toString);
            }
            case "json", "jsonb" -> {
                return json(rs.getString(column));
            }
            default -> {
                if (type == Types.TIMESTAMP_WITH_TIMEZONE) {
                    return instant(rs.getObject(column, OffsetDateTime.class));
                }
                return plain(rs.getObject(column), typeName);
            }
        }
    }

    /** Any value the driver gives, as JSON. */
    static Object plain(Object v, String typeName) throws SQLException {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof BigDecimal || v instanceof java.math.BigInteger) {
            return v;
        }
        if (v instanceof Short s) {
            return Integer.valueOf(s);
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : v;
        }
        if (v instanceof java.util.Date || v instanceof java.time.temporal.Temporal) {
            return temporal(v, typeName);
        }
        if (v instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (v instanceof Array array) {
            return list(array);
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), plain(e.getValue(), ""));
            }
            return out;
        }
        if (v instanceof org.postgresql.util.PGobject pg) {
            String t = pg.getType() == null ? "" : pg.getType();
            return t.equals("json") || t.equals("jsonb") ? json(pg.getValue()) : pg.getValue();
        }
        return v.toString(); // uuid, interval, inet, money, enums, ...
    }

    /** A date or time the driver gives as a java.sql or java.time value, as ISO text. */
    private static String temporal(Object v, String typeName) {
        if (v instanceof Timestamp ts) {
            return typeName.contains("tz") ? ts.toInstant().toString()
                    : ts.toLocalDateTime().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof java.sql.Time t) {
            return t.toLocalTime().format(DateTimeFormatter.ISO_LOCAL_TIME);
        }
        if (v instanceof OffsetDateTime odt) {
            return odt.toInstant().toString();
        }
        if (v instanceof LocalDateTime ldt) {
            return ldt.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        return v.toString(); // LocalDate, LocalTime, OffsetTime, Instant: ISO already
    }

    private static List<Object> list(Array array) throws SQLException {
        try {
            Object elements = array.getArray();
            String base = String.valueOf(array.getBaseTypeName()).toLowerCase(Locale.ROOT);
            int length = java.lang.reflect.Array.getLength(elements);
            List<Object> out = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                Object element = java.lang.reflect.Array.get(elements, i);
                out.add(base.equals("json") || base.equals("jsonb") ? json(element == null ? null : element.toString())
                        : plain(element, base));
            }
            return out;
        } finally {
            array.free();
        }
    }

    private static Object instant(OffsetDateTime v) {
        return v == null ? null : infinity(v.equals(OffsetDateTime.MAX), v.equals(OffsetDateTime.MIN),
                () -> v.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString());
    }

    private static String infinity(boolean positive, boolean negative, java.util.function.Supplier<String> text) {
        return positive ? "infinity" : negative ? "-infinity" : text.get();
    }

    /** JSON text as nested maps, lists and exact numbers. */
    static Object json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return EXACT.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return text; // the database holds what it holds; give it back as text rather than fail the call
        }
    }
}
