package dev.orchestrators.tools.vector;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Documents from a query ({@code source.sql}): each row needs the id and text columns; every column is stored and
 * returned as the record. The digest covers every row as JSON, in the order the query returns them, so give the query
 * an {@code ORDER BY} to keep an unchanged table from looking changed. Read-only connection; the statement is bounded by
 * the time-out. Thread-safe.
 */
final class SqlSource implements Corpus.Source {
    private static final Logger LOG = LoggerFactory.getLogger(SqlSource.class);

    private final DataSource database;
    private final String sql;
    private final String idField;
    private final List<String> textFields;
    private final Duration timeout;

    SqlSource(DataSource database, String sql, String idField, List<String> textFields, Duration timeout) {
        this.database = Objects.requireNonNull(database, "database");
        this.sql = Objects.requireNonNull(sql, "sql");
        this.idField = Objects.requireNonNull(idField, "idField");
        this.textFields = List.copyOf(textFields);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Corpus read() {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            connection.setReadOnly(true);
            // The whole table is read once per build: a generous bound, but a bound.
            statement.setQueryTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds() * 10)));
            statement.setFetchSize(500);
            try (ResultSet rows = statement.executeQuery()) {
                return corpus(rows);
            }
        } catch (SQLException e) {
            throw new ConfigurationException("source.sql could not be read: SQLSTATE " + e.getSQLState() + ": "
                    + e.getMessage(), e);
        }
    }

    private Corpus corpus(ResultSet rows) throws SQLException {
        Digests digest = Digests.sha256();
        List<Corpus.Document> documents = new ArrayList<>();
        int skipped = 0;
        int number = 0;
        while (rows.next()) {
            number++;
            Map<String, Object> fields = JdbcValues.row(rows, null, 0);
            digest.add(json(fields));
            Object id = fields.get(idField);
            if (id == null || id.toString().isBlank()) {
                throw new ConfigurationException("source.sql row " + number + " has no id column '" + idField
                        + "' (or it is null); set id.field to the column that identifies a document");
            }
            String text = Corpus.text(fields, textFields);
            if (text.isEmpty()) {
                LOG.warn("source.sql: document '{}' has no text in {} and is not indexed", id, textFields);
                skipped++;
            } else {
                documents.add(new Corpus.Document(id.toString(), text, fields));
            }
        }
        return new Corpus(documents, digest.hex(), skipped);
    }

    private static String json(Map<String, Object> fields) {
        try {
            return Json.mapper().writeValueAsString(fields);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigurationException("source.sql: a row cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    @Override
    public String describe() {
        return "source.sql " + sql;
    }

    @Override
    public String identity() {
        return "sql id.field=" + idField + " text.field=" + String.join(",", textFields);
    }
}
