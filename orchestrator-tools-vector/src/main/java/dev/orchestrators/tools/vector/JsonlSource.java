package dev.orchestrators.tools.vector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Documents from a JSON Lines file: one JSON object per line (blank lines are skipped), with an id field and a text
 * field; the whole object is stored and returned as the record. The location is a path or
 * {@code classpath:<resource>} (the samples' {@code classpath:samples/companies.jsonl}). The digest is the file's
 * bytes', so an unchanged file is never re-embedded. Thread-safe (stateless between reads).
 */
final class JsonlSource implements Corpus.Source {
    static final String CLASSPATH = "classpath:";
    private static final Logger LOG = LoggerFactory.getLogger(JsonlSource.class);
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() { };

    private final String location;
    private final String idField;
    private final List<String> textFields;

    JsonlSource(String location, String idField, List<String> textFields) {
        this.location = Objects.requireNonNull(location, "location");
        this.idField = Objects.requireNonNull(idField, "idField");
        this.textFields = List.copyOf(textFields);
    }

    @Override
    public Corpus read() {
        byte[] bytes = bytes();
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1);
        List<Corpus.Document> documents = new ArrayList<>(lines.length);
        int skipped = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Corpus.Document document = document(lines[i], i + 1);
            if (document.text().isBlank()) {
                LOG.warn("source.jsonl {} line {}: document '{}' has no text in {} and is not indexed", location, i + 1,
                        document.id(), textFields);
                skipped++;
            } else {
                documents.add(document);
            }
        }
        return new Corpus(documents, Digests.sha256().add(bytes).hex(), skipped);
    }

    private Corpus.Document document(String line, int number) {
        Map<String, Object> fields;
        try {
            fields = Json.mapper().readValue(line, OBJECT);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException("source.jsonl " + location + " line " + number + " is not a JSON object: "
                    + e.getOriginalMessage());
        }
        if (fields == null) {
            throw new ConfigurationException("source.jsonl " + location + " line " + number + " is not a JSON object");
        }
        Object id = fields.get(idField);
        if (id == null || id instanceof Map || id instanceof List || id.toString().isBlank()) {
            throw new ConfigurationException("source.jsonl " + location + " line " + number + " has no id field '"
                    + idField + "' (a string or a number); set id.field to the field that identifies a document");
        }
        return new Corpus.Document(id.toString(), Corpus.text(fields, textFields), fields);
    }

    private byte[] bytes() {
        try {
            if (location.startsWith(CLASSPATH)) {
                String resource = location.substring(CLASSPATH.length()).replaceFirst("^/+", "");
                ClassLoader context = Thread.currentThread().getContextClassLoader();
                ClassLoader loader = context != null ? context : JsonlSource.class.getClassLoader();
                try (InputStream in = loader.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new ConfigurationException("source.jsonl " + location + ": no such resource on the class path");
                    }
                    return in.readAllBytes();
                }
            }
            return Files.readAllBytes(Path.of(location));
        } catch (IOException e) {
            throw new ConfigurationException("source.jsonl " + location + " cannot be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    @Override
    public String describe() {
        return "source.jsonl " + location;
    }

    @Override
    public String identity() {
        return "jsonl id.field=" + idField + " text.field=" + String.join(",", textFields);
    }
}
