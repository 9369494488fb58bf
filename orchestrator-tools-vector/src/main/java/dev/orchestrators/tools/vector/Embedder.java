package dev.orchestrators.tools.vector;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Turns texts into vectors of unit length (so a dot product is their cosine similarity). Implementations are
 * thread-safe.
 *
 * <p>An {@link #inProcess()} embedder computes on the calling thread before {@link #embed} returns: that is
 * CPU-bound work, so callers run it on a worker thread (the tool's {@code BlockingCalls}), never on a stream thread. A
 * remote one returns at once and completes on its client's thread.
 */
interface Embedder extends AutoCloseable {

    /**
     * What makes the vectors, e.g. {@code all-minilm-l6-v2} or {@code http:text-embedding-3-small}: stored with a
     * Lucene index, which is rebuilt when it changes (vectors of two models cannot be compared).
     */
    String id();

    /** Whether {@link #embed} computes on the calling thread. */
    boolean inProcess();

    /**
     * The unit-length vectors of {@code texts}, in their order. Fails with a {@code TransientException} or
     * {@code PermanentException} saying what went wrong.
     */
    CompletableFuture<List<float[]>> embed(List<String> texts);

    @Override
    void close();
}
