package dev.orchestrators.samples;

import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.kinds.aggregator.Aggregator;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.Tools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reference aggregator {@code company_search}: asks a company database ({@code company_db}), a vector
 * search ({@code vector_search}) and an external company API ({@code external_company_api}) at once, merges
 * their answers by company domain (a company two sources know becomes one record with the provenance of
 * both) and answers within two seconds. A source that fails makes the envelope PARTIAL, naming it in
 * {@code metadata.details.sources}: the sample external API is "down" (503) for queries that mention
 * {@code outage}.
 *
 * <p>Payload: {@code {"query": "acme"}}.
 */
public final class CompanySearchSample {
    public static final String FLOW = "company_search";
    private static final List<String> COMPANIES = List.of("acme", "globex", "initech", "umbrella", "hooli", "stark");

    private CompanySearchSample() {
    }

    public static Flow flow(SampleEnvironment env) {
        return Flow.newBuilder(FLOW)
                .description("search three company sources at once, merge by domain, partial when one fails")
                .tools(InMemoryToolContainer.of(
                        env.tool(Tools.inMemory("company_db", Capability.READ, CompanySearchSample::database)),
                        env.tool(Tools.inMemory("vector_search", Capability.READ, CompanySearchSample::vectors)),
                        env.tool(Tools.inMemory("external_company_api", Capability.READ, CompanySearchSample::external))))
                .orchestrator(ctx -> Aggregator.newBuilder(FLOW)
                        .source("database", "company_db", p -> Map.of("query", query(p.get("query"))), "domain")
                        .source("vectors", "vector_search", p -> Map.of("query", query(p.get("query")), "top_k", 3), "domain")
                        .source("external", "external_company_api", p -> Map.of("query", query(p.get("query"))), "domain")
                        .dedupeByField("domain")
                        .timeout(Duration.ofSeconds(2))
                        .retryPolicy(RetryPolicy.newBuilder().maxAttempts(2).initialDelay(Duration.ofMillis(50)).build())
                        .build(ctx))
                .build();
    }

    private static String query(Object value) {
        return value == null ? "" : value.toString().toLowerCase(Locale.ROOT).trim();
    }

    /** Exact and prefix matches on the company name. */
    static Map<String, Object> database(ToolCall call) {
        String q = call.requireString("query");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String company : COMPANIES) {
            if (q.contains(company) || company.startsWith(q.split(" ")[0])) {
                rows.add(row(company, "database", Map.of("employees", 10 + SampleTools.hash(company) % 5000)));
            }
        }
        return Map.of("records", rows);
    }

    /** The nearest companies by a toy similarity: the matching one and its neighbours. */
    static Map<String, Object> vectors(ToolCall call) {
        String q = call.requireString("query");
        int base = (int) (SampleTools.hash(q.split(" ")[0]) % COMPANIES.size());
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String company = COMPANIES.get((base + i) % COMPANIES.size());
            double score = Math.round((0.95 - 0.1 * i) * 100) / 100.0;
            rows.add(row(company, "vectors", Map.of("similarity", score)));
            scores.add(score);
        }
        // scores[i] is the i-th record's relevance: it goes into that record's provenance, as the real vector tool's does
        return Map.of("records", rows, "scores", scores);
    }

    /** A third-party API, down (503) for queries that mention "outage". */
    static Map<String, Object> external(ToolCall call) {
        String q = call.requireString("query");
        if (q.contains("outage")) {
            throw new TransientException("Unavailable", "external company API: 503 service unavailable", null);
        }
        String company = q.split(" ")[0];
        return Map.of("records", List.of(row(company, "external", Map.of("funding_round", "series " + "ABC".charAt((int) (SampleTools.hash(company) % 3))))));
    }

    private static Map<String, Object> row(String company, String source, Map<String, Object> extra) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("domain", company + ".example");
        row.put("name", Character.toUpperCase(company.charAt(0)) + company.substring(1) + " Inc.");
        row.putAll(extra);
        return row;
    }
}
