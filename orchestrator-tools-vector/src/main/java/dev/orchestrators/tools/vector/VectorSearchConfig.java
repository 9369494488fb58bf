package dev.orchestrators.tools.vector;

import static dev.orchestrators.tools.vector.VectorSearchKeys.*;

import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.tools.ToolSettings;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The rules between {@code vector-search} keys that no single key can check: which keys the chosen embeddings and
 * index need, and which do not apply to them (a key that does not apply is refused rather than ignored, so a typo'd
 * setup fails at start-up instead of silently searching something else). Stateless.
 */
final class VectorSearchConfig {
    private VectorSearchConfig() {
    }

    /**
     * Checks {@code settings} (whose keys each parse).
     *
     * @throws ConfigurationException naming the key that is missing, does not apply or conflicts
     */
    static void check(ToolSettings settings) {
        checkEmbeddings(settings);
        if (settings.get(INDEX).equals(PGVECTOR)) {
            require(settings, JDBC_URL, "index=pgvector");
            require(settings, TABLE, "index=pgvector");
            refuse(settings, List.of(INDEX_DIR, SOURCE_JSONL, SOURCE_SQL, SOURCE_REFRESH_MS), "index=pgvector (it searches the table)");
        } else {
            refuse(settings, List.of(TABLE), "index=lucene");
            if (settings.has(SOURCE_JSONL) && settings.has(SOURCE_SQL)) {
                throw new ConfigurationException(settings.qualified(SOURCE_JSONL.name()) + " and "
                        + settings.qualified(SOURCE_SQL.name()) + " are both set: a Lucene index has one source");
            }
            if (!settings.has(SOURCE_JSONL) && !settings.has(SOURCE_SQL) && !settings.has(INDEX_DIR)) {
                throw new ConfigurationException("tool '" + settings.toolName() + "' (index=lucene) needs "
                        + settings.qualified(SOURCE_JSONL.name()) + " or " + settings.qualified(SOURCE_SQL.name())
                        + " to build its index from, or " + settings.qualified(INDEX_DIR.name()) + " holding a built one");
            }
            if (settings.has(SOURCE_SQL)) {
                require(settings, JDBC_URL, "source.sql");
            } else {
                refuse(settings, List.of(JDBC_URL, USER, PASSWORD), "index=lucene without source.sql");
            }
            if (!settings.has(SOURCE_JSONL) && !settings.has(SOURCE_SQL)) {
                refuse(settings, List.of(SOURCE_REFRESH_MS), "an index without a source");
            }
        }
        checkJdbcUrl(settings);
        if (settings.get(TOP_K) > settings.get(TOP_K_MAX)) {
            throw new ConfigurationException(settings.qualified(TOP_K.name()) + "=" + settings.get(TOP_K) + " is more than "
                    + settings.qualified(TOP_K_MAX.name()) + "=" + settings.get(TOP_K_MAX));
        }
    }

    private static void checkEmbeddings(ToolSettings settings) {
        if (!settings.get(EMBEDDINGS).equals(HTTP)) {
            refuse(settings, List.of(EMBEDDINGS_URL, EMBEDDINGS_MODEL, EMBEDDINGS_TOKEN, EMBEDDINGS_BATCH_SIZE),
                    "embeddings=" + settings.get(EMBEDDINGS) + " (they are for embeddings=http)");
            return;
        }
        require(settings, EMBEDDINGS_URL, "embeddings=http");
        require(settings, EMBEDDINGS_MODEL, "embeddings=http");
        String url = settings.get(EMBEDDINGS_URL);
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(settings.qualified(EMBEDDINGS_URL.name()) + " is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getUserInfo() != null) {
            throw new ConfigurationException(settings.qualified(EMBEDDINGS_URL.name()) + " must be an http or https URL "
                    + "with a host and without user info (give the token in embeddings.token), was '" + url + "'");
        }
    }

    private static void checkJdbcUrl(ToolSettings settings) {
        if (!settings.has(JDBC_URL)) {
            return;
        }
        String url = settings.get(JDBC_URL).toLowerCase(Locale.ROOT);
        if (!url.startsWith("jdbc:")) {
            throw new ConfigurationException(settings.qualified(JDBC_URL.name()) + " must be a JDBC URL (jdbc:...)");
        }
        if (url.contains("password=")) {
            throw new ConfigurationException(settings.qualified(JDBC_URL.name()) + " carries a password: give it by "
                    + "reference in " + settings.qualified(PASSWORD.name()) + " (file:/path or env:NAME) instead");
        }
    }

    private static void require(ToolSettings settings, ConfigKey<?> key, String because) {
        if (!settings.has(key)) {
            throw new ConfigurationException(settings.qualified(key.name()) + " is required with " + because + ": " + key.doc());
        }
    }

    private static void refuse(ToolSettings settings, List<ConfigKey<?>> keys, String because) {
        for (ConfigKey<?> key : keys) {
            if (settings.has(key)) {
                throw new ConfigurationException(settings.qualified(key.name()) + " does not apply to " + because);
            }
        }
    }
}
