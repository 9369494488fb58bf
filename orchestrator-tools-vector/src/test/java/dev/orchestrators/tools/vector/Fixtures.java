package dev.orchestrators.tools.vector;

import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.ToolSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the tests share: the samples' company corpus, settings and calls. */
final class Fixtures {
    /** The corpus shipped with the samples (orchestrator-samples), read from the source tree. */
    static final Path COMPANIES = Path.of("..", "orchestrator-samples", "src", "main", "resources", "samples", "companies.jsonl")
            .toAbsolutePath().normalize();

    private static VectorIndex sharedCompanies;

    private Fixtures() {
    }

    /**
     * The company corpus in an in-memory Lucene index (all-MiniLM-L6-v2 over name, industry and description), built once
     * for every test of the JVM; closing it does nothing.
     */
    static synchronized VectorIndex sharedCompanies() {
        if (sharedCompanies == null) {
            sharedCompanies = LuceneIndex.open(new org.apache.lucene.store.ByteBuffersDirectory(), new JsonlSource(
                    COMPANIES.toString(), "domain", List.of("name", "industry", "description")), OnnxEmbedder.minilm(false),
                    new LuceneBuild.Options("shared", 4096, 32, 2));
        }
        VectorIndex shared = sharedCompanies;
        return new VectorIndex() {
            @Override
            public List<Hit> search(float[] vector, int k) {
                return shared.search(vector, k);
            }

            @Override
            public String health() {
                return shared.health();
            }

            @Override
            public void close() {
            }
        };
    }

    /** A JSON Lines file of three companies in {@code dir}. */
    static Path tinyCorpus(Path dir) throws java.io.IOException {
        return java.nio.file.Files.writeString(dir.resolve("tiny.jsonl"), String.join("\n",
                "{\"domain\": \"orbitalforge.example\", \"description\": \"Builds rocket engines.\"}",
                "{\"domain\": \"crumb.example\", \"description\": \"A chain of bakeries.\"}",
                "{\"domain\": \"pawsitive.example\", \"description\": \"Veterinary clinics.\"}") + "\n");
    }

    /** Settings of a tool over the company corpus (in memory, minilm), with {@code extra} on top. */
    static Map<String, String> companies(String... extra) {
        Map<String, String> values = new HashMap<>();
        values.put("source.jsonl", COMPANIES.toString());
        values.put("id.field", "domain");
        values.put("text.field", "name,industry,description");
        for (int i = 0; i < extra.length; i += 2) {
            values.put(extra[i], extra[i + 1]);
        }
        return values;
    }

    /** A tool made by the factory from {@code values}, metered into {@code registry}. */
    static VectorSearchTool tool(String name, Map<String, String> values, SimpleMeterRegistry registry) {
        return VectorSearchFactory.create(ToolSettings.of(name, VectorSearchFactory.TYPE, values),
                AdapterMeters.of(registry, name, VectorSearchFactory.TYPE), Clock.systemUTC());
    }

    static ToolCall call(String tool, Map<String, Object> arguments) {
        return new ToolCall("run-1", "company_search", "vectors", tool, 1, arguments);
    }

    static ToolCall query(String tool, String query) {
        return call(tool, Map.of("query", query));
    }

    /** The {@code field} of each record of a result, in order. */
    @SuppressWarnings("unchecked")
    static List<Object> field(Map<String, Object> result, String field) {
        return ((List<Map<String, Object>>) result.get("records")).stream().map(r -> r.get(field)).toList();
    }
}
