package dev.orchestrators.tools.vector;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.PermanentException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * all-MiniLM-L6-v2 (384 dimensions) run in process by ONNX Runtime from the model shipped in a Maven jar: no network.
 * The model is loaded once per JVM and class (langchain4j keeps it in a static field) and shared by every tool that
 * uses it; its tokenizer reads at most 128 word pieces of a text (the rest does not change the vector).
 *
 * <p><b>No network.</b> The tokenizer's library (DJL) would otherwise ask the EC2 metadata endpoint where it runs and
 * report its use to Amazon S3, and could download native libraries it does not find: before the first model loads,
 * this class sets the system properties {@code ai.djl.offline=true} and {@code OPT_OUT_TRACKING=true} (unless set
 * already). DJL extracts its tokenizer library from its jar (Linux x86-64 and aarch64, macOS aarch64) into
 * {@code ~/.djl.ai}, or into {@code DJL_CACHE_DIR} when set: a read-only home needs that variable.
 *
 * <p>{@link #embed} computes on the calling thread: CPU-bound, call it on a worker thread. Thread-safe (ONNX Runtime
 * sessions and the tokenizer may be used by many threads at once).
 */
final class OnnxEmbedder implements Embedder {
    private static final String FULL_MODEL = "dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel";
    private static final String QUANTIZED_MODEL = "dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel";
    /** The in-process model's dimensions. */
    static final int DIMENSIONS = 384;

    private final String id;
    private final AbstractInProcessEmbeddingModel model;

    private OnnxEmbedder(String id, AbstractInProcessEmbeddingModel model) {
        this.id = id;
        this.model = model;
    }

    /**
     * all-MiniLM-L6-v2 ({@code quantized}: its int8 variant), loaded now if this JVM has not loaded it yet.
     *
     * @throws ConfigurationException when the model cannot be loaded (its jar or ONNX Runtime's native library)
     */
    static OnnxEmbedder minilm(boolean quantized) {
        // Runnable::run: the model's own executor is used only to embed several texts at once, which this class never
        // asks it to, so no embedding ever runs on a thread this class did not choose.
        // By name, not by reference: the full model's jar is optional, and a reference would make the verifier load its
        // class as soon as this class is used, quantized or not.
        return quantized ? load("all-minilm-l6-v2-q", () -> construct(QUANTIZED_MODEL))
                : load("all-minilm-l6-v2", () -> construct(FULL_MODEL));
    }

    private static AbstractInProcessEmbeddingModel construct(String className) {
        try {
            return (AbstractInProcessEmbeddingModel) Class.forName(className).getConstructor(java.util.concurrent.Executor.class)
                    .newInstance((java.util.concurrent.Executor) Runnable::run);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the class path", e);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + className, e);
        }
    }

    private static OnnxEmbedder load(String id, Supplier<AbstractInProcessEmbeddingModel> model) {
        offline("ai.djl.offline");
        offline("OPT_OUT_TRACKING");
        try {
            return new OnnxEmbedder(id, model.get());
        } catch (RuntimeException | LinkageError e) {
            throw new ConfigurationException("cannot load the embedding model " + id + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); its jar, langchain4j-embeddings-" + id + ", and ONNX Runtime must be on the "
                    + "class path", e);
        }
    }

    private static void offline(String property) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, "true");
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    /** Computed now, on the calling thread; a blank text fails ({@code PermanentException} {@code BadEmbedding}). */
    @Override
    public CompletableFuture<List<float[]>> embed(List<String> texts) {
        try {
            List<float[]> out = new ArrayList<>(texts.size());
            for (String text : texts) {
                Embedding embedding = model.embed(text).content();
                out.add(Vectors.normalized(embedding.vector()));
            }
            return CompletableFuture.completedFuture(out);
        } catch (PermanentException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new PermanentException("BadEmbedding", "model " + id + " could not embed a "
                    + "text: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e));
        }
    }

    /** Nothing to release: the model is shared by the JVM. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "OnnxEmbedder[" + id + ", " + DIMENSIONS + " dimensions]";
    }
}
