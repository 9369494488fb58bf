package dev.orchestrators.tools.vector;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a source holds at one moment: its documents and a digest of exactly what was read (a changed source has a
 * different digest, an unchanged one the same). Immutable.
 *
 * @param documents the documents, in source order (a later one with the same id replaces an earlier one)
 * @param digest    SHA-256 of what was read, in hex
 * @param skipped   documents left out because their text was blank (logged, with their ids)
 */
record Corpus(List<Document> documents, String digest, int skipped) {

    Corpus {
        documents = List.copyOf(documents);
        Objects.requireNonNull(digest, "digest");
    }

    /**
     * The text to embed of a document with {@code fields}: the values of {@code textFields} that are text, numbers or
     * booleans (not objects, lists or nulls), trimmed, joined with ". " in that order; empty when there are none.
     */
    static String text(Map<String, Object> fields, List<String> textFields) {
        StringBuilder out = new StringBuilder();
        for (String field : textFields) {
            Object value = fields.get(field);
            if (value == null || value instanceof Map || value instanceof List || value.toString().isBlank()) {
                continue;
            }
            out.append(out.length() == 0 ? "" : ". ").append(value.toString().trim());
        }
        return out.toString();
    }

    /**
     * One document: its id, the text that is embedded, and the fields stored with it and returned as the record.
     */
    record Document(String id, String text, Map<String, Object> fields) {
        Document {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(fields, "fields");
        }
    }

    /** Where documents come from: a JSON Lines file or a table. Implementations are thread-safe. */
    interface Source {
        /**
         * The documents as they are now.
         *
         * @throws dev.orchestrators.core.errors.ConfigurationException naming the source and what is wrong (a line
         *         that is not a JSON object, a missing id field, an unreadable file, a failing query)
         */
        Corpus read();

        /** The source as a user may see it (a path, a query; never a secret). */
        String describe();

        /** The settings that shape the documents read (the id and text fields): part of the index's digest. */
        String identity();
    }
}
