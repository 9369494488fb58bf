package dev.orchestrators.tools.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.tools.ConfiguredTools;
import dev.orchestrators.tools.ToolAdapter;
import dev.orchestrators.tools.ToolDocs;
import dev.orchestrators.tools.ToolFactory;
import dev.orchestrators.tools.ToolHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings: found by type, checked at start-up naming the key, described without secrets, documented. */
class VectorSearchFactoryTest {
    private static final String TINY = "classpath:corpora/tiny.jsonl";

    @TempDir
    Path dir;

    private static Map<String, String> tiny(String... extra) {
        Map<String, String> values = new HashMap<>(Map.of("source.jsonl", TINY, "id.field", "domain", "text.field", "name,description"));
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                values.remove(extra[i]);
            } else {
                values.put(extra[i], extra[i + 1]);
            }
        }
        return values;
    }

    private static void assertRefused(Map<String, String> values, String message) {
        assertThatThrownBy(() -> Fixtures.tool("v", values, new SimpleMeterRegistry()).close())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(message);
    }

    @Test
    void shouldBeFoundOnTheClassPathAndMakeAReadToolFromSettings() {
        // given
        Map<String, String> settings = new HashMap<>();
        tiny().forEach((k, v) -> settings.put("tool.vector_search." + k, v));
        settings.put("tool.vector_search.type", "vector-search");

        // when
        try (ConfiguredTools tools = ConfiguredTools.from(settings)) {
            // then
            assertThat(ConfiguredTools.factories()).extracting(ToolFactory::type).contains("vector-search");
            ToolAdapter tool = tools.adapters().get("vector_search");
            assertThat(tool.type()).isEqualTo("vector-search");
            assertThat(tool.capability()).isEqualTo(Capability.READ);
            assertThat(Fixtures.field(tool.invoke(Fixtures.query("vector_search", "rocket")).toCompletableFuture().join().fields(),
                    "domain")).first().isEqualTo("orbitalforge.example");
        }
    }

    @Test
    void shouldRefuseHttpEmbeddingsWithoutAUrlAndModelOrWithAUrlThatIsNotHttp() {
        assertRefused(tiny("embeddings", "http", "embeddings.model", "m"), "tool.v.embeddings.url is required with embeddings=http");
        assertRefused(tiny("embeddings", "http", "embeddings.url", "https://api.example/v1/embeddings"),
                "tool.v.embeddings.model is required with embeddings=http");
        assertRefused(tiny("embeddings", "http", "embeddings.model", "m", "embeddings.url", "file:///etc/passwd"),
                "must be an http or https URL");
        assertRefused(tiny("embeddings", "http", "embeddings.model", "m", "embeddings.url", "https://user:pw@api.example/v1"),
                "without user info");
    }

    @Test
    void shouldRefuseHttpKeysWithTheInProcessModel() {
        assertRefused(tiny("embeddings.url", "https://api.example/v1/embeddings"),
                "tool.v.embeddings.url does not apply to embeddings=minilm");
    }

    @Test
    void shouldRefuseALuceneIndexWithoutASourceOrWithTwo() {
        assertRefused(tiny("source.jsonl", null), "needs tool.v.source.jsonl or tool.v.source.sql");
        assertRefused(tiny("source.sql", "SELECT 1"), "are both set");
        assertRefused(tiny("source.jsonl", null, "source.sql", "SELECT id, text FROM docs"), "tool.v.jdbc.url is required with source.sql");
        assertRefused(tiny("table", "companies"), "tool.v.table does not apply to index=lucene");
        assertRefused(tiny("source.jsonl", null, "index.dir", dir.toString(), "source.refresh.ms", "1000"),
                "tool.v.source.refresh.ms does not apply to an index without a source");
    }

    @Test
    void shouldRefuseAPgvectorIndexWithoutATableOrWithASource() {
        assertRefused(Map.of("index", "pgvector", "jdbc.url", "jdbc:postgresql://db/crm"), "tool.v.table is required with index=pgvector");
        assertRefused(Map.of("index", "pgvector", "jdbc.url", "jdbc:postgresql://db/crm", "table", "companies", "source.jsonl", TINY),
                "tool.v.source.jsonl does not apply to index=pgvector");
        assertRefused(Map.of("index", "pgvector", "jdbc.url", "jdbc:postgresql://db/crm", "table", "companies; DROP TABLE x"),
                "tool.v.table must be in an identifier, optionally schema.table");
    }

    @Test
    void shouldRefuseAPasswordInTheJdbcUrlOrALiteralSecretWithoutShowingIt() {
        assertRefused(Map.of("index", "pgvector", "table", "t", "jdbc.url", "jdbc:postgresql://db/crm?password=hunter2"),
                "carries a password");
        assertThatThrownBy(() -> Fixtures.tool("v", tiny("embeddings", "http", "embeddings.model", "m", "embeddings.url",
                "https://api.example/v1/embeddings", "embeddings.token", "sk-live-1234"), new SimpleMeterRegistry()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("tool.v.embeddings.token")
                .hasMessageNotContaining("sk-live-1234");
    }

    @Test
    void shouldRefuseBadValuesNamingTheKey() {
        assertRefused(tiny("min.score", "2"), "tool.v.min.score must be in [-1.0,...,1.0], was '2'");
        assertRefused(tiny("top.k", "50", "top.k.max", "10"), "tool.v.top.k=50 is more than tool.v.top.k.max=10");
        assertRefused(tiny("embeddings", "word2vec"), "tool.v.embeddings must be in [minilm, minilm-q, http]");
        assertRefused(tiny("index.directory", "/tmp/x"), "unknown setting(s) of tool 'v'");
        assertRefused(tiny("source.jsonl", dir.resolve("missing.jsonl").toString()), "cannot be read: NoSuchFileException");
    }

    @Test
    void shouldReuseTheIndexInIndexDirAfterARestart() {
        // given
        Map<String, String> values = tiny("index.dir", dir.resolve("index").toString());
        String firstBuild;
        try (VectorSearchTool first = Fixtures.tool("v", values, new SimpleMeterRegistry())) {
            firstBuild = first.checkHealth().toCompletableFuture().join().detail();
        }

        // when the tool starts again over the same source and directory
        try (VectorSearchTool again = Fixtures.tool("v", values, new SimpleMeterRegistry())) {
            // then it opened the same build
            assertThat(again.checkHealth().toCompletableFuture().join().detail()).isEqualTo(firstBuild);
        }
    }

    @Test
    void shouldReportTheModelLoadedAndTheIndexOpenInItsHealth() {
        try (VectorSearchTool tool = Fixtures.tool("v", tiny("embeddings", "minilm-q"), new SimpleMeterRegistry())) {
            ToolHealth health = tool.checkHealth().toCompletableFuture().join();

            assertThat(health.reachable()).isTrue();
            assertThat(health.detail()).startsWith("embeddings all-minilm-l6-v2-q loaded (384 dimensions); lucene index open: "
                    + "3 documents embedded with all-minilm-l6-v2-q").contains("from source.jsonl classpath:corpora/tiny.jsonl");
        }
    }

    @Test
    void shouldDescribeTheGivenSettings() {
        try (VectorSearchTool tool = Fixtures.tool("v", tiny("top.k", "3"), new SimpleMeterRegistry())) {
            assertThat(tool.describe()).containsEntry("source.jsonl", TINY).containsEntry("top.k", "3")
                    .containsEntry("text.field", "[name, description]").doesNotContainKey("embeddings.token");
        }
    }

    @Test
    void shouldDocumentEveryKeyInTheGeneratedReference() {
        String docs = ToolDocs.markdown(List.of(new VectorSearchFactory()));

        assertThat(docs).contains("### `tool.<name>.type=vector-search`");
        for (ConfigKey<?> key : new VectorSearchFactory().keys()) {
            assertThat(docs).contains("`tool.<name>." + key.name() + "`");
        }
    }
}
