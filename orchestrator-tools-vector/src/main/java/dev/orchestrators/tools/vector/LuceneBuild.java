package dev.orchestrators.tools.vector;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * Writes a Lucene HNSW index from a {@link Corpus}: every document's text embedded (in parallel), its vector in a
 * {@link KnnFloatVectorField} compared by {@code DOT_PRODUCT} (the vectors are unit length, so that is their cosine),
 * its fields stored as JSON, and a digest of everything that shaped it in the commit's user data. The commit is
 * atomic: a reader sees the old index or the new one, never a mix, and a crash mid-build leaves the old one.
 * Stateless; the caller serialises builds of one directory.
 */
final class LuceneBuild {
    static final String VECTOR = "vector";
    static final String SOURCE = "_source";
    static final String ID = "_id";
    static final String DIGEST = "orchestrator.digest";
    static final String EMBEDDER = "orchestrator.embedder";
    static final String DOCUMENTS = "orchestrator.documents";
    static final String BUILT_AT = "orchestrator.built_at";
    /** Bumped when the stored layout changes, so an index of an older layout is rebuilt. */
    private static final String LAYOUT = "1";

    private LuceneBuild() {
    }

    /** How a build embeds: texts cut to {@code textMaxChars}, {@code batchSize} per remote request, on {@code threads}. */
    record Options(String tool, int textMaxChars, int batchSize, int threads) {
    }

    /** The digest of an index built from {@code corpus} of {@code source} with {@code embedder}. */
    static String digest(Corpus corpus, Corpus.Source source, Embedder embedder, Options options) {
        return Digests.sha256().add("layout " + LAYOUT).add(embedder.id()).add(source.identity())
                .add("text.max.chars " + options.textMaxChars()).add(corpus.digest()).hex();
    }

    /** The user data of the directory's latest commit; empty when it holds no index. */
    static Map<String, String> committed(Directory directory) throws IOException {
        return DirectoryReader.indexExists(directory) ? SegmentInfos.readLatestCommit(directory).getUserData() : Map.of();
    }

    /**
     * Replaces the directory's index by one of {@code corpus}, committed with {@code digest}.
     *
     * @throws ConfigurationException when the texts cannot be embedded, the vectors exceed what Lucene indexes, or
     *                                another process holds the directory's write lock
     */
    static void write(Directory directory, Corpus corpus, String digest, Embedder embedder, Options options) throws IOException {
        List<float[]> vectors = embedAll(corpus, embedder, options);
        IndexWriterConfig config = new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (int i = 0; i < vectors.size(); i++) {
                Corpus.Document document = corpus.documents().get(i);
                Document doc = new Document();
                doc.add(new StringField(ID, document.id(), Field.Store.NO));
                doc.add(new KnnFloatVectorField(VECTOR, vectors.get(i), VectorSimilarityFunction.DOT_PRODUCT));
                doc.add(new StoredField(SOURCE, json(document.fields())));
                writer.updateDocument(new Term(ID, document.id()), doc);
            }
            Map<String, String> data = new LinkedHashMap<>();
            data.put(DIGEST, digest);
            data.put(EMBEDDER, embedder.id());
            data.put(DOCUMENTS, Integer.toString(corpus.documents().size()));
            data.put(BUILT_AT, Instant.now().toString());
            writer.setLiveCommitData(data.entrySet());
            writer.commit();
        } catch (LockObtainFailedException e) {
            throw new ConfigurationException("tool '" + options.tool() + "': the index directory is being written by "
                    + "another process (" + e.getMessage() + "); give each worker process its own index.dir", e);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("tool '" + options.tool() + "': Lucene cannot index these vectors ("
                    + e.getMessage() + "); its HNSW index takes at most 1024 dimensions: use index=pgvector or a "
                    + "model with fewer dimensions", e);
        }
    }

    private static List<float[]> embedAll(Corpus corpus, Embedder embedder, Options options) {
        List<String> texts = new ArrayList<>(corpus.documents().size());
        for (Corpus.Document document : corpus.documents()) {
            String text = document.text();
            texts.add(text.length() > options.textMaxChars() ? text.substring(0, options.textMaxChars()) : text);
        }
        int batch = embedder.inProcess() ? 16 : options.batchSize();
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread thread = new Thread(r, "tool-" + options.tool() + "-build-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<List<float[]>>> parts = new ArrayList<>();
            for (int from = 0; from < texts.size(); from += batch) {
                List<String> part = texts.subList(from, Math.min(texts.size(), from + batch));
                parts.add(CompletableFuture.supplyAsync(() -> embedder.embed(part).join(), pool));
            }
            List<float[]> out = new ArrayList<>(texts.size());
            for (CompletableFuture<List<float[]>> part : parts) {
                out.addAll(part.join());
            }
            return out;
        } catch (CompletionException e) {
            Throwable cause = e.getCause() instanceof CompletionException nested ? nested.getCause() : e.getCause();
            throw new ConfigurationException("tool '" + options.tool() + "': cannot embed the source's documents with "
                    + embedder.id() + ": " + (cause == null ? e.getMessage() : cause.getMessage()), cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String json(Map<String, Object> fields) {
        try {
            return Json.mapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException("a document's fields cannot be written as JSON: " + e.getOriginalMessage());
        }
    }
}
