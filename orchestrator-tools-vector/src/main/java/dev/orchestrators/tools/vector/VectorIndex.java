package dev.orchestrators.tools.vector;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where vectors are searched: the nearest stored documents to a unit-length query vector, by cosine similarity.
 * {@link #search} and {@link #health} block (disk, CPU or a database): call them on a worker thread. Thread-safe.
 */
interface VectorIndex extends AutoCloseable {

    /**
     * The (at most) {@code k} nearest documents, best first.
     *
     * @throws dev.orchestrators.core.errors.TransientException when the index's system may answer later
     * @throws dev.orchestrators.core.errors.PermanentException when it cannot answer this (a missing extension, a
     *                                                          vector of another dimension)
     */
    List<Hit> search(float[] vector, int k);

    /**
     * What the index looks like now (its documents and digest; the extension and table), checked without side effects.
     *
     * @throws RuntimeException saying why the index cannot answer
     */
    String health();

    @Override
    void close();

    /**
     * A document that matched: its stored fields and its cosine similarity to the query (1: same direction).
     */
    record Hit(Map<String, Object> fields, double score) {
        public Hit {
            Objects.requireNonNull(fields, "fields");
        }
    }
}
