package dev.orchestrators.tools.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.BlockingCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Queries a payload can carry: refused, naming what was refused, before anything is embedded; or searched as text. */
class HostileQueryTest {
    private static final String NAME = "vectors";
    private static final Recording.RecordingEmbedder EMBEDDER = new Recording.RecordingEmbedder(OnnxEmbedder.minilm(false));
    private static VectorSearchTool tool;

    @BeforeAll
    static void start() {
        AdapterMeters meters = AdapterMeters.of(new SimpleMeterRegistry(), NAME, VectorSearchFactory.TYPE);
        tool = new VectorSearchTool(NAME, EMBEDDER, Fixtures.sharedCompanies(), new SearchRequest.Limits(5, 20, -1.0, 4096, Duration.ofSeconds(30)),
                new BlockingCalls(NAME, 2, 8, meters), 10, meters, Map.of());
    }

    @AfterAll
    static void stop() {
        tool.close();
    }

    private static Map<String, Object> search(Map<String, Object> arguments) {
        return tool.invoke(Fixtures.call(NAME, arguments)).toCompletableFuture().join().fields();
    }

    private static void assertRefused(Map<String, Object> arguments, String what) {
        int embedded = EMBEDDER.texts.get();
        assertThatThrownBy(() -> search(arguments)).cause().isInstanceOf(PermanentException.class)
                .hasMessage("tool 'vectors' refused the call: " + what)
                .satisfies(e -> assertThat(((PermanentException) e).type()).isEqualTo("InputRefused"));
        assertThat(EMBEDDER.texts.get()).as("texts embedded for a refused call").isEqualTo(embedded);
    }

    private static Map<String, Object> query(Object query, Object topK) {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("query", query);
        arguments.put("top_k", topK);
        return arguments;
    }

    @Test
    void shouldRefuseAMissingEmptyOrBlankQuery() {
        assertRefused(Map.of(), "the argument 'query' is missing");
        assertRefused(Map.of("query", ""), "the query is empty");
        assertRefused(Map.of("query", " \t\r\n "), "the query is empty");
    }

    @Test
    void shouldRefuseAQueryThatIsNotText() {
        assertRefused(Map.of("query", 42), "the argument 'query' must be text, was a number");
        assertRefused(Map.of("query", Map.of("$ne", "")), "the argument 'query' must be text, was an object");
        assertRefused(Map.of("query", List.of("a", "b")), "the argument 'query' must be text, was a list");
    }

    @Test
    void shouldRefuseAOneMegabyteQueryWithoutEmbeddingIt() {
        String megabyte = "rocket ".repeat(1024 * 1024 / 7 + 1);

        assertRefused(Map.of("query", megabyte), "the query is " + megabyte.length()
                + " characters long, more than text.max.chars=4096");
    }

    @Test
    void shouldSearchAQueryOfExactlyTextMaxChars() {
        String longest = ("rocket engines " + "x".repeat(4096)).substring(0, 4096);

        assertThat(Fixtures.field(search(Map.of("query", longest)), "domain")).hasSize(5);
    }

    @Test
    void shouldRefuseAQueryHoldingANulCharacter() {
        assertRefused(Map.of("query", "rocket\u0000engines"), "the query holds a NUL character");
    }

    @Test
    void shouldSearchQuotesLineBreaksAndAnyUnicodeAsPlainText() {
        for (String text : List.of("O'Brien \"quoted\" `ticks`", "rockets\r\nX-Injected: header", "Raketentriebwerke für Trägerraketen",
                "ロケットエンジン", "🚀 engines", "%27%3B%20DROP%20TABLE", "../../etc/passwd", "\u202Eevil")) {
            assertThat(search(Map.of("query", text)).get("records")).as(text).asList().hasSize(5);
        }
    }

    @Test
    void shouldRefuseATopKThatIsNotAWholeNumberFromOneToTopKMax() {
        for (Object bad : List.of(0, -3, 21, 2.5, "ten", "", 1e12, Double.NaN, true, List.of(3), "9".repeat(100))) {
            String shown = String.valueOf(bad);
            assertRefused(query("rocket engines", bad), "top_k must be a whole number from 1 to top.k.max=20, was "
                    + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown));
        }
        assertThat(Fixtures.field(search(query("rocket engines", 3L)), "domain")).hasSize(3);
        assertThat(Fixtures.field(search(query("rocket engines", 4.0)), "domain")).hasSize(4);
        assertThat(Fixtures.field(search(query("rocket engines", " 6 ")), "domain")).hasSize(6);
    }
}
