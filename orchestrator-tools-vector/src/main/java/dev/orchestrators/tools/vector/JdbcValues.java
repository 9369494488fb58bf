package dev.orchestrators.tools.vector;

import java.sql.Array;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A JDBC row as JSON values: numbers, strings, booleans, nulls, lists; dates as ISO-8601 text. Stateless. */
final class JdbcValues {
    private JdbcValues() {
    }

    /**
     * The current row of {@code rows} by column label, leaving out {@code skipColumn} (case-insensitive; {@code null}:
     * none) and the last {@code skipLast} columns.
     */
    static Map<String, Object> row(ResultSet rows, String skipColumn, int skipLast) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount() - skipLast; i++) {
            String label = meta.getColumnLabel(i);
            if (skipColumn == null || !label.toLowerCase(Locale.ROOT).equals(skipColumn.toLowerCase(Locale.ROOT))) {
                out.put(label, json(rows.getObject(i)));
            }
        }
        return out;
    }

    /** One column value as a JSON value. */
    static Object json(Object value) throws SQLException {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof Time time) {
            return time.toLocalTime().toString();
        }
        if (value instanceof TemporalAccessor temporal) {
            return temporal.toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) Math.min(Integer.MAX_VALUE, clob.length()));
        }
        if (value instanceof Array array) {
            List<Object> out = new ArrayList<>();
            for (Object element : (Object[]) array.getArray()) {
                out.add(json(element));
            }
            return out;
        }
        return value.toString(); // UUID, PGobject (json, jsonb, vector, ...), intervals
    }
}
