package dev.orchestrators.tools.vector;

import static dev.orchestrators.tools.vector.VectorSearchKeys.*;

import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.BlockingCalls;
import dev.orchestrators.tools.ToolAdapter;
import dev.orchestrators.tools.ToolFactory;
import dev.orchestrators.tools.ToolSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Makes {@code vector-search} tools ({@link VectorSearchTool}) from their {@code tool.<name>.*} settings
 * ({@link VectorSearchKeys}): the embeddings ({@code embeddings}), the index ({@code index}) and its source. Building a
 * Lucene index embeds its source at start-up, and a pgvector index checks its extension then; either failing stops
 * start-up with a {@link ConfigurationException} that says why. Stateless.
 *
 * <pre>{@code
 * -D tool.vector_search.type=vector-search
 * -D tool.vector_search.source.jsonl=classpath:samples/companies.jsonl
 * -D tool.vector_search.id.field=domain -D tool.vector_search.text.field=description
 * -D tool.vector_search.index.dir=/var/lib/orchestrator/companies-index
 * }</pre>
 */
public final class VectorSearchFactory implements ToolFactory {
    /** The value of {@code tool.<name>.type}. */
    public static final String TYPE = "vector-search";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Semantic search (READ): the records nearest in meaning to a call's `query` (optional `top_k`), with their "
                + "cosine `score`, from embeddings computed in process (all-MiniLM-L6-v2, no network) or by an "
                + "OpenAI-compatible API, searched in a Lucene HNSW index built from a JSON Lines file or a table, or in "
                + "a PostgreSQL table with pgvector.";
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return VectorSearchKeys.all();
    }

    @Override
    public ToolAdapter create(ToolSettings settings) {
        return create(settings, AdapterMeters.global(settings.toolName(), TYPE), Clock.systemUTC());
    }

    /**
     * The tool {@code settings} describe, metered by {@code meters}.
     *
     * @throws ConfigurationException naming the key, when a setting is missing, bad or does not apply; or when the
     *                                index cannot be built or the pgvector extension is missing
     */
    static VectorSearchTool create(ToolSettings settings, AdapterMeters meters, Clock clock) {
        settings.validate(VectorSearchKeys.all());
        VectorSearchConfig.check(settings);
        int threads = settings.get(POOL_SIZE) == 0 ? Runtime.getRuntime().availableProcessors() : settings.get(POOL_SIZE);
        int queue = settings.get(QUEUE_SIZE) < 0 ? threads : settings.get(QUEUE_SIZE);
        Duration timeout = Duration.ofMillis(settings.get(TIMEOUT_MS));
        Embedder embedder = embedder(settings, timeout, clock);
        VectorIndex index = null;
        try {
            index = index(settings, embedder, threads, timeout);
            SearchRequest.Limits limits = new SearchRequest.Limits(settings.get(TOP_K), settings.get(TOP_K_MAX),
                    settings.get(MIN_SCORE), settings.get(TEXT_MAX_CHARS), timeout);
            BlockingCalls calls = new BlockingCalls(settings.toolName(), threads, queue, meters);
            return new VectorSearchTool(settings.toolName(), embedder, index, limits, calls, threads + queue, meters,
                    settings.describe(VectorSearchKeys.all()));
        } catch (RuntimeException e) {
            if (index != null) {
                index.close();
            }
            embedder.close();
            throw e;
        }
    }

    private static Embedder embedder(ToolSettings settings, Duration timeout, Clock clock) {
        return switch (settings.get(EMBEDDINGS)) {
            case MINILM -> OnnxEmbedder.minilm(false);
            case MINILM_Q -> OnnxEmbedder.minilm(true);
            default -> new HttpEmbedder(settings.toolName(), URI.create(settings.get(EMBEDDINGS_URL).trim()),
                    settings.get(EMBEDDINGS_MODEL), settings.get(EMBEDDINGS_TOKEN), timeout, clock,
                    HttpEmbedder.MAX_RESPONSE_BYTES);
        };
    }

    private static VectorIndex index(ToolSettings settings, Embedder embedder, int threads, Duration timeout) {
        if (settings.get(INDEX).equals(PGVECTOR)) {
            return PgVectorIndex.start(settings.toolName(), dataSource(settings, timeout), threads, settings.get(TABLE),
                    settings.get(EMBEDDING_COLUMN), timeout);
        }
        Corpus.Source source = null;
        if (settings.has(SOURCE_JSONL)) {
            source = new JsonlSource(settings.get(SOURCE_JSONL), settings.get(ID_FIELD), settings.get(TEXT_FIELD));
        } else if (settings.has(SOURCE_SQL)) {
            source = new SqlSource(dataSource(settings, timeout), settings.get(SOURCE_SQL), settings.get(ID_FIELD),
                    settings.get(TEXT_FIELD), timeout);
        }
        LuceneBuild.Options options = new LuceneBuild.Options(settings.toolName(), settings.get(TEXT_MAX_CHARS),
                settings.get(EMBEDDINGS_BATCH_SIZE), threads);
        LuceneIndex index = LuceneIndex.open(directory(settings), source, embedder, options);
        if (source != null && settings.get(SOURCE_REFRESH_MS) > 0) {
            index.refreshEvery(Duration.ofMillis(settings.get(SOURCE_REFRESH_MS)));
        }
        return index;
    }

    private static Directory directory(ToolSettings settings) {
        if (!settings.has(INDEX_DIR)) {
            return new ByteBuffersDirectory();
        }
        Path path = Path.of(settings.get(INDEX_DIR));
        try {
            return FSDirectory.open(Files.createDirectories(path));
        } catch (IOException e) {
            throw new ConfigurationException(settings.qualified(INDEX_DIR.name()) + "=" + path + " cannot be opened as a "
                    + "directory: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static SecretDataSource dataSource(ToolSettings settings, Duration timeout) {
        return new SecretDataSource(settings.get(JDBC_URL), settings.get(USER), settings.get(PASSWORD), timeout);
    }
}
