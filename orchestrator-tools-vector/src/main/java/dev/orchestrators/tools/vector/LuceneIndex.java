package dev.orchestrators.tools.vector;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HNSW index in a Lucene {@link Directory} (on disk, or in memory), searched read-only through a
 * {@link SearcherManager}: many searches run at once, each on the index as it was when it started.
 *
 * <p><b>Built once.</b> With a source, {@link #open} reads it and rebuilds the index only when the digest of what
 * shapes it (the source's content, the id and text fields, the embeddings model, the layout) differs from the one
 * committed with the index; so a restart over an unchanged file reuses the index without embedding anything.
 * {@link #refresh()} (on start-up, and every {@code source.refresh.ms} when set) does the same later: searches go on
 * on the old index while the new one is built, and switch to it once it is committed. A failed refresh keeps the old
 * index and is reported by {@link #health()}. Without a source, an index already in the directory is opened as is.
 *
 * <p>Thread-safe: searches are lock-free; refreshes are serialised.
 */
final class LuceneIndex implements VectorIndex {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneIndex.class);
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() { };
    private static final Set<String> STORED = Set.of(LuceneBuild.SOURCE);
    /** The fewest candidates an HNSW search explores (its beam width), whatever top_k: recall stays high for small k. */
    static final int CANDIDATES = 100;

    private final Directory directory;
    private final Corpus.Source source;
    private final Embedder embedder;
    private final LuceneBuild.Options options;
    private final SearcherManager searchers;
    private final AtomicInteger builds = new AtomicInteger();
    private final Object refreshing = new Object();
    private volatile String lastRefreshFailure;
    private ScheduledExecutorService refresher;

    private LuceneIndex(Directory directory, Corpus.Source source, Embedder embedder, LuceneBuild.Options options,
                        SearcherManager searchers, int builds) {
        this.directory = directory;
        this.source = source;
        this.embedder = embedder;
        this.options = options;
        this.searchers = searchers;
        this.builds.set(builds);
    }

    /**
     * The index of {@code directory}, built from {@code source} first when it is missing or out of date ({@code source}
     * {@code null}: the index the directory holds, which must have been built with {@code embedder}).
     *
     * @throws ConfigurationException when the source cannot be read or embedded, or the directory holds no usable index
     */
    static LuceneIndex open(Directory directory, Corpus.Source source, Embedder embedder, LuceneBuild.Options options) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(embedder, "embedder");
        try {
            int built = 0;
            if (source != null) {
                built = buildIfChanged(directory, source, embedder, options) ? 1 : 0;
            } else {
                requireBuiltWith(directory, embedder, options.tool());
            }
            return new LuceneIndex(directory, source, embedder, options, new SearcherManager(directory, null), built);
        } catch (IOException e) {
            throw new ConfigurationException("tool '" + options.tool() + "': cannot open the Lucene index: " + e, e);
        }
    }

    private static boolean buildIfChanged(Directory directory, Corpus.Source source, Embedder embedder,
                                          LuceneBuild.Options options) throws IOException {
        Corpus corpus = source.read();
        String digest = LuceneBuild.digest(corpus, source, embedder, options);
        if (digest.equals(LuceneBuild.committed(directory).get(LuceneBuild.DIGEST))) {
            LOG.info("tool '{}': the Lucene index is up to date with {} ({} documents)", options.tool(), source.describe(),
                    corpus.documents().size());
            return false;
        }
        long started = System.nanoTime();
        LuceneBuild.write(directory, corpus, digest, embedder, options);
        LOG.info("tool '{}': built the Lucene index from {}: {} documents ({} skipped) embedded with {} in {} ms",
                options.tool(), source.describe(), corpus.documents().size(), corpus.skipped(), embedder.id(),
                (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    private static void requireBuiltWith(Directory directory, Embedder embedder, String tool) throws IOException {
        Map<String, String> committed = LuceneBuild.committed(directory);
        if (committed.isEmpty()) {
            throw new ConfigurationException("tool '" + tool + "': index.dir holds no index, and neither source.jsonl nor "
                    + "source.sql is set to build one");
        }
        if (!embedder.id().equals(committed.get(LuceneBuild.EMBEDDER))) {
            throw new ConfigurationException("tool '" + tool + "': the index in index.dir was built with embeddings '"
                    + committed.get(LuceneBuild.EMBEDDER) + "', not '" + embedder.id() + "': its vectors cannot be "
                    + "compared; set a source to rebuild it");
        }
    }

    /**
     * Reads the source again and rebuilds the index when its digest changed; searches switch to the new index.
     *
     * @return whether the index was rebuilt
     * @throws ConfigurationException when the source cannot be read or embedded (the old index stays)
     * @throws IllegalStateException  when the index has no source
     */
    boolean refresh() {
        if (source == null) {
            throw new IllegalStateException("an index without a source cannot be refreshed");
        }
        synchronized (refreshing) {
            try {
                boolean rebuilt = buildIfChanged(directory, source, embedder, options);
                if (rebuilt) {
                    builds.incrementAndGet();
                    searchers.maybeRefreshBlocking();
                }
                lastRefreshFailure = null;
                return rebuilt;
            } catch (IOException e) {
                lastRefreshFailure = e.toString();
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                lastRefreshFailure = e.getMessage();
                throw e;
            }
        }
    }

    /** Refreshes every {@code every} on a thread of its own ({@code tool-<name>-refresh}) until closed. */
    void refreshEvery(Duration every) {
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tool-" + options.tool() + "-refresh");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                LOG.warn("tool '{}': refreshing the Lucene index failed; searches go on on the previous index: {}",
                        options.tool(), e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many times the index was built since this object opened it (0: it was up to date). */
    int builds() {
        return builds.get();
    }

    @Override
    public List<Hit> search(float[] vector, int k) {
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (IOException e) {
            throw new TransientException("IndexUnreadable", "the Lucene index cannot be read: " + e, e);
        }
        try {
            // HNSW explores as many candidates as it is asked for: asked for one, it can stop at a local best.
            int candidates = Math.max(k, CANDIDATES);
            TopDocs top = searcher.search(new KnnFloatVectorQuery(LuceneBuild.VECTOR, vector, candidates), candidates);
            StoredFields stored = searcher.storedFields();
            List<Hit> hits = new ArrayList<>(Math.min(k, top.scoreDocs.length));
            for (int i = 0; i < Math.min(k, top.scoreDocs.length); i++) {
                ScoreDoc doc = top.scoreDocs[i];
                String json = stored.document(doc.doc, STORED).get(LuceneBuild.SOURCE);
                hits.add(new Hit(Json.mapper().readValue(json, OBJECT), Vectors.cosineOfLuceneScore(doc.score)));
            }
            return hits;
        } catch (IllegalArgumentException e) {
            throw new PermanentException("DimensionMismatch", "the query vector does not fit the index: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TransientException("IndexUnreadable", "the Lucene index cannot be read: " + e, e);
        } finally {
            release(searcher);
        }
    }

    @Override
    public String health() {
        IndexSearcher searcher;
        Map<String, String> committed;
        try {
            searcher = searchers.acquire();
            committed = LuceneBuild.committed(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("the Lucene index cannot be read", e);
        }
        try {
            String digest = committed.getOrDefault(LuceneBuild.DIGEST, "?");
            String failure = lastRefreshFailure;
            return "lucene index open: " + searcher.getIndexReader().numDocs() + " documents embedded with "
                    + committed.get(LuceneBuild.EMBEDDER) + ", built " + committed.get(LuceneBuild.BUILT_AT)
                    + " (digest " + digest.substring(0, Math.min(12, digest.length())) + ")"
                    + (source == null ? "" : " from " + source.describe())
                    + (failure == null ? "" : "; the last refresh failed: " + failure);
        } finally {
            release(searcher);
        }
    }

    private void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            LOG.warn("releasing a Lucene searcher failed", e);
        }
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
        synchronized (refreshing) {
            try {
                searchers.close();
                directory.close();
            } catch (IOException e) {
                LOG.warn("closing the Lucene index failed", e);
            }
        }
    }
}
