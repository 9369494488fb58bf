package dev.orchestrators.tools.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk Lucene index: built once, rebuilt only when what shapes it changed, searched while it is rebuilt. */
class LuceneIndexTest {
    private static final OnnxEmbedder MINILM = OnnxEmbedder.minilm(false);
    private static final LuceneBuild.Options OPTIONS = new LuceneBuild.Options("vectors", 4096, 32, 2);

    @TempDir
    Path dir;

    private Path corpus(String... lines) throws IOException {
        Path file = dir.resolve("corpus.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static String line(String id, String text) {
        return "{\"id\": \"" + id + "\", \"text\": \"" + text + "\", \"extra\": 7}";
    }

    private LuceneIndex open(Path corpus) throws IOException {
        return open(corpus == null ? null : new JsonlSource(corpus.toString(), "id", List.of("text")), MINILM);
    }

    private LuceneIndex open(Corpus.Source source, Embedder embedder) throws IOException {
        Directory directory = FSDirectory.open(dir.resolve("index"));
        return LuceneIndex.open(directory, source, embedder, OPTIONS);
    }

    private static List<Object> ids(LuceneIndex index, String query, int k) {
        return index.search(MINILM.embed(List.of(query)).join().get(0), k).stream().map(h -> h.fields().get("id")).toList();
    }

    @Test
    void shouldBuildTheIndexOnceAndReuseItAfterARestartWhileTheSourceIsUnchanged() throws IOException {
        // given an index built from a file
        Path file = corpus(line("a", "rocket engines for launch vehicles"), line("b", "sourdough bread and pastries"));
        try (LuceneIndex first = open(file)) {
            assertThat(first.builds()).isEqualTo(1);
        }

        // when the worker restarts over the same file
        try (LuceneIndex again = open(file)) {
            // then nothing is embedded again, and the index answers
            assertThat(again.builds()).isZero();
            assertThat(again.refresh()).isFalse();
            assertThat(ids(again, "bakery", 1)).containsExactly("b");
        }
    }

    @Test
    void shouldRebuildWhenTheSourceChangesAndSearchTheNewDocuments() throws IOException {
        // given
        Path file = corpus(line("a", "rocket engines for launch vehicles"));
        try (LuceneIndex index = open(file)) {
            assertThat(ids(index, "coffee", 5)).containsExactly("a");

            // when a document is added to the file
            corpus(line("a", "rocket engines for launch vehicles"), line("c", "roasts coffee beans for cafes"));

            // then a refresh rebuilds, and searches see the new document
            assertThat(index.refresh()).isTrue();
            assertThat(index.builds()).isEqualTo(2);
            assertThat(ids(index, "coffee", 5)).containsExactly("c", "a");
            assertThat(index.refresh()).isFalse();
        }
    }

    @Test
    void shouldRebuildWhenTheEmbeddingsModelChanges() throws IOException {
        // given an index built with the full model
        Path file = corpus(line("a", "rocket engines"));
        open(file).close();

        // when the same source is opened with the quantized model
        try (LuceneIndex quantized = open(new JsonlSource(file.toString(), "id", List.of("text")), OnnxEmbedder.minilm(true))) {
            // then it is rebuilt: vectors of two models cannot be compared
            assertThat(quantized.builds()).isEqualTo(1);
            assertThat(quantized.health()).contains("embedded with all-minilm-l6-v2-q");
        }
    }

    @Test
    void shouldAnswerEverySearchWhileTheIndexIsRebuiltAgainAndAgain() throws Exception {
        // given three threads searching without a pause
        Path file = corpus(line("a", "rocket engines"), line("b", "sourdough bread"));
        ExecutorService searchers = Executors.newFixedThreadPool(3);
        try (LuceneIndex index = open(file)) {
            float[] rockets = MINILM.embed(List.of("rockets")).join().get(0);
            AtomicBoolean rebuilding = new AtomicBoolean(true);
            List<Future<Integer>> searches = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                searches.add(searchers.submit(() -> {
                    int answered = 0;
                    do {
                        assertThat(index.search(rockets, 5)).first().satisfies(hit -> assertThat(hit.fields()).containsEntry("id", "a"));
                        answered++;
                    } while (rebuilding.get());
                    return answered;
                }));
            }

            // when the source changes and the index is rebuilt three times
            for (int i = 0; i < 3; i++) {
                corpus(line("a", "rocket engines"), line("b", "sourdough bread"), line("c" + i, "document number " + i));
                assertThat(index.refresh()).isTrue();
            }
            rebuilding.set(false);

            // then every search answered, and the last build is the one searched
            for (Future<Integer> search : searches) {
                assertThat(search.get()).isPositive();
            }
            assertThat(ids(index, "document number 2", 3)).contains("c2").doesNotContain("c0", "c1");
        } finally {
            searchers.shutdownNow();
        }
    }

    @Test
    void shouldOpenABuiltIndexWithoutASourceButRefuseOneBuiltWithAnotherModel() throws IOException {
        // given
        open(corpus(line("a", "rocket engines"))).close();

        // then the index opens as it is with the model it was built with
        try (LuceneIndex prebuilt = open(null)) {
            assertThat(ids(prebuilt, "rockets", 1)).containsExactly("a");
        }
        assertThatThrownBy(() -> open(null, OnnxEmbedder.minilm(true))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("built with embeddings 'all-minilm-l6-v2', not 'all-minilm-l6-v2-q'");
    }

    @Test
    void shouldRefuseToOpenAnEmptyDirectoryWithoutASource() {
        assertThatThrownBy(() -> open(null)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("index.dir holds no index");
    }

    @Test
    void shouldKeepTheLastDocumentOfAnIdAndSkipDocumentsWithoutText() throws IOException {
        // given
        Path file = corpus(line("a", "first text about trains"), "", line("a", "second text about ships"), line("b", "  "));

        // when
        try (LuceneIndex index = open(file)) {
            // then
            assertThat(index.search(MINILM.embed(List.of("ships")).join().get(0), 10)).singleElement()
                    .satisfies(hit -> assertThat(hit.fields()).isEqualTo(Map.of("id", "a", "text", "second text about ships", "extra", 7)));
            assertThat(index.health()).contains("1 documents");
        }
    }

    @Test
    void shouldRefuseALineThatIsNotAJsonObjectOrHasNoIdNamingTheLine() throws IOException {
        Path broken = corpus(line("a", "fine"), "{not json");
        assertThatThrownBy(() -> open(broken)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("line 2 is not a JSON object");
        Path noId = corpus(line("a", "fine"), "{\"text\": \"no id\"}");
        assertThatThrownBy(() -> open(noId)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("line 2 has no id field 'id'");
    }

    @Test
    void shouldKeepSearchingThePreviousIndexWhenARefreshFailsAndSayItInHealth() throws IOException {
        // given
        Path file = corpus(line("a", "rocket engines"));
        try (LuceneIndex index = open(file)) {
            // when the file is broken and the periodic refresh reads it
            corpus("{broken");
            assertThatThrownBy(index::refresh).isInstanceOf(ConfigurationException.class);

            // then searches still answer from the previous index
            assertThat(ids(index, "rockets", 1)).containsExactly("a");
            assertThat(index.health()).contains("the last refresh failed: source.jsonl").contains("line 1 is not a JSON object");
        }
    }

    @Test
    void shouldRefreshOnItsOwnThreadEveryPeriod() throws IOException {
        // given an index refreshed every 50 ms
        Path file = corpus(line("a", "rocket engines"));
        try (LuceneIndex index = open(file)) {
            index.refreshEvery(java.time.Duration.ofMillis(50));

            // when the file changes
            corpus(line("a", "rocket engines"), line("b", "fresh bread"));

            // then searches soon see the new document
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> ids(index, "bread", 1).equals(List.of("b")));
        }
    }
}
