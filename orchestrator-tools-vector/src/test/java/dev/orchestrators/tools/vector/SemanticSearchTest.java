package dev.orchestrators.tools.vector;

import static dev.orchestrators.tools.vector.Fixtures.call;
import static dev.orchestrators.tools.vector.Fixtures.field;
import static dev.orchestrators.tools.vector.Fixtures.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real embeddings (all-MiniLM-L6-v2 in process) over the samples' company corpus rank companies by meaning. */
class SemanticSearchTest {
    private static VectorSearchTool companies;

    @BeforeAll
    static void buildTheIndexOnce() {
        companies = Fixtures.tool("vector_search", Fixtures.companies(), new SimpleMeterRegistry());
    }

    @AfterAll
    static void close() {
        companies.close();
    }

    private static Map<String, Object> search(String text) {
        return companies.invoke(query("vector_search", text)).toCompletableFuture().join().fields();
    }

    private static Map<String, Object> search(Map<String, Object> arguments) {
        return companies.invoke(call("vector_search", arguments)).toCompletableFuture().join().fields();
    }

    @Test
    void shouldRankTheAerospaceCompanyThatBuildsRocketEnginesFirst() {
        // when
        Map<String, Object> result = search("rocket engines");

        // then
        assertThat(field(result, "domain")).first().isEqualTo("orbitalforge.example");
        assertThat(field(result, "industry")).first().isEqualTo("aerospace");
    }

    @Test
    void shouldFindCompaniesByWhatTheyDoEvenWithoutASharedWord() {
        assertThat(field(search("keeping vaccines cold during transport"), "domain")).first().isEqualTo("coldchain.example");
        assertThat(field(search("electricity from wind at sea"), "domain")).first().isEqualTo("windmere.example");
        assertThat(field(search("my dog is sick"), "domain")).first().isEqualTo("pawsitive.example");
        assertThat(field(search("hack attack on our network"), "domain")).first().isEqualTo("sentinel.example");
    }

    @Test
    void shouldFindASampleCompanyByItsName() {
        assertThat(field(search("acme"), "domain")).first().isEqualTo("acme.example");
        assertThat(field(search("stark"), "domain")).first().isEqualTo("stark.example");
    }

    @Test
    void shouldAnswerTheStoredFieldsWithTheirScoreBestFirstAndTheScoresAlignedWithTheRecords() {
        // when
        Map<String, Object> result = search("banking software");

        // then every stored field comes back, then the score
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) result.get("records")).get(0);
        assertThat(first.keySet()).containsExactly("domain", "name", "industry", "description", "score");
        assertThat(first).containsEntry("domain", "initech.example").containsEntry("name", "Initech");
        assertThat(result.get("scores")).isEqualTo(field(result, "score"));
        @SuppressWarnings("unchecked")
        List<Double> scores = (List<Double>) result.get("scores");
        assertThat(scores).isSortedAccordingTo((a, b) -> Double.compare(b, a)).allMatch(s -> s >= -1.0 && s <= 1.0);
        assertThat(scores.get(0)).isGreaterThan(0.5);
    }

    @Test
    void shouldAnswerTopKRecordsAndTheConfiguredNumberWithoutTopK() {
        assertThat(field(search(Map.of("query", "energy", "top_k", 3)), "domain")).hasSize(3);
        assertThat(field(search(Map.of("query", "energy", "top_k", "7")), "domain")).hasSize(7);
        assertThat(field(search("energy"), "domain")).hasSize(5); // top.k's default
        assertThat(field(search(Map.of("query", "energy", "top_k", 100)), "domain")).hasSize(62); // the whole corpus
    }

    @Test
    void shouldLeaveOutRecordsScoringBelowMinScore() {
        // given a tool that keeps only close matches
        try (VectorSearchTool strict = Fixtures.tool("strict", Fixtures.companies("min.score", "0.5"), new SimpleMeterRegistry())) {
            // when
            Map<String, Object> result = strict.invoke(call("strict", Map.of("query", "quantum computers", "top_k", 10)))
                    .toCompletableFuture().join().fields();

            // then
            assertThat(field(result, "domain")).containsExactly("qubitworks.example");
            assertThat(strict.invoke(query("strict", "a recipe for lemon cake")).toCompletableFuture().join().fields())
                    .containsEntry("records", List.of()).containsEntry("scores", List.of());
        }
    }

    @Test
    void shouldTreatAQueryThatLooksLikeSqlAsTextToSearchFor() {
        // when
        Map<String, Object> result = search("'; DROP TABLE companies; --");

        // then it is only text: the index answers, as for any other query
        assertThat(field(result, "domain")).hasSize(5);
        assertThat(search("rocket engines").get("records")).asList().hasSize(5);
    }
}
