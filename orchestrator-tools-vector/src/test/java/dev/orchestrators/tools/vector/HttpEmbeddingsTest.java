package dev.orchestrators.tools.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orchestrators.core.config.Secret;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.SaturatedException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.BlockingCalls;
import dev.orchestrators.tools.ToolHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embeddings from an OpenAI-compatible API over real HTTP: the token, the failures, the threads. */
class HttpEmbeddingsTest {
    private static final String TOKEN = "s3cr3t-token-42";
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static EmbeddingsServer server;
    private static Path tokenFile;
    private static Path tiny;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void start(@TempDir Path secrets) throws IOException {
        server = new EmbeddingsServer();
        tokenFile = Files.writeString(secrets.resolve("embeddings-token"), TOKEN + "\n");
        tiny = Fixtures.tinyCorpus(secrets);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void closeAndAnswerEmbeddingsAgain() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        server.answerEmbeddings();
    }

    private Map<String, String> httpCompanies(String... extra) {
        Map<String, String> values = Fixtures.companies(extra);
        values.put("embeddings", "http");
        values.put("embeddings.url", server.url().toString());
        values.put("embeddings.model", "all-minilm-l6-v2");
        values.put("embeddings.token", "file:" + tokenFile);
        return values;
    }

    /** Three companies: for tests about the call, not the ranking. */
    private Map<String, String> httpTiny(String... extra) {
        Map<String, String> values = httpCompanies(extra);
        values.put("source.jsonl", tiny.toString());
        values.put("text.field", "description");
        return values;
    }

    private VectorSearchTool tool(Map<String, String> values) {
        VectorSearchTool tool = Fixtures.tool("vectors", values, new SimpleMeterRegistry());
        closing.add(tool);
        return tool;
    }

    private HttpEmbedder embedder(URI url, Duration timeout, long maxBytes) {
        HttpEmbedder embedder = new HttpEmbedder("vectors", url, "all-minilm-l6-v2", Secret.parse("file:" + tokenFile), timeout,
                Clock.fixed(NOW, ZoneOffset.UTC), maxBytes);
        closing.add(embedder);
        return embedder;
    }

    private OrchestratorException failure(HttpEmbedder embedder) {
        Throwable thrown = embedder.embed(List.of("rocket engines")).handle((ok, failure) -> failure).join();
        assertThat(thrown).as("the embedding should have failed").isNotNull();
        return (OrchestratorException) (thrown.getCause() instanceof OrchestratorException ? thrown.getCause() : thrown);
    }

    @Test
    void shouldSearchWithTheApisEmbeddingsSendingTheTokenAsBearer() {
        // given a tool whose index was built through the API
        VectorSearchTool tool = tool(httpCompanies());

        // when
        ToolResult result = tool.invoke(Fixtures.query("vectors", "rocket engines")).toCompletableFuture().join();

        // then it ranks as the same model in process does, and every request carried the token
        assertThat(Fixtures.field(result.fields(), "domain")).first().isEqualTo("orbitalforge.example");
        List<EmbeddingsServer.Received> received = server.received();
        assertThat(received).extracting(EmbeddingsServer.Received::authorization).containsOnly("Bearer " + TOKEN);
        EmbeddingsServer.Received last = received.get(received.size() - 1);
        assertThat(last.body().path("model").asText()).isEqualTo("all-minilm-l6-v2");
        assertThat(last.body().path("input").toString()).isEqualTo("[\"rocket engines\"]");
        assertThat(received).anySatisfy(r -> assertThat(r.body().path("input").size()).isEqualTo(32)); // the build's batches
    }

    @Test
    void shouldNeverWaitForTheApiOrSearchOnTheCallersThread() throws Exception {
        // given
        Recording.RecordingEmbedder embedder = new Recording.RecordingEmbedder(embedder(server.url(), Duration.ofSeconds(10),
                HttpEmbedder.MAX_RESPONSE_BYTES));
        VectorIndex lucene = LuceneIndex.open(new ByteBuffersDirectory(), new JsonlSource(tiny.toString(), "domain",
                List.of("description")), embedder.real, new LuceneBuild.Options("vectors", 4096, 32, 2));
        Recording.GatedIndex index = new Recording.GatedIndex(lucene, true);
        AdapterMeters meters = AdapterMeters.of(new SimpleMeterRegistry(), "vectors", VectorSearchFactory.TYPE);
        VectorSearchTool tool = new VectorSearchTool("vectors", embedder, index, new SearchRequest.Limits(5, 100, -1, 4096,
                Duration.ofSeconds(10)), new BlockingCalls("vectors", 2, 16, meters), 18, meters, Map.of());
        closing.add(tool);
        List<CompletableFuture<ToolResult>> answers = new ArrayList<>();

        // when a stream thread calls it
        Thread streamThread = new Thread(() -> {
            for (int i = 0; i < 10; i++) {
                answers.add(tool.invoke(Fixtures.query("vectors", "query " + i)).toCompletableFuture());
            }
        }, "company_search-StreamThread-1");
        streamThread.start();
        streamThread.join();
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();

        // then the API's answers completed on the client's threads, and the searches ran on the tool's
        assertThat(embedder.completedOn).hasSize(10).allMatch(name -> name.startsWith("tool-vectors-http-"));
        assertThat(index.threads).hasSize(10).allMatch(name -> name.startsWith("tool-vectors-"))
                .noneMatch(name -> name.contains("StreamThread"));
    }

    @Test
    void shouldRetryAfterTheSecondsTheServerAskedForOnA429() {
        server.answerStatus(429, Map.of("Retry-After", "7"), "{\"error\": \"rate limited\"}");

        OrchestratorException failure = failure(embedder(server.url(), Duration.ofSeconds(5), 1 << 20));

        assertThat(failure).isInstanceOf(TransientException.class).hasMessageContaining("HTTP 429: {\"error\": \"rate limited\"}");
        assertThat(failure.type()).isEqualTo("TooManyRequests");
        assertThat(((TransientException) failure).retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void shouldRetryAtTheDateTheServerAskedForOnA503() {
        server.answerStatus(503, Map.of("Retry-After", "Mon, 07 Dec 2026 10:01:30 GMT"), "");

        OrchestratorException failure = failure(embedder(server.url(), Duration.ofSeconds(5), 1 << 20));

        assertThat(failure.type()).isEqualTo("Unavailable");
        assertThat(((TransientException) failure).retryAfter()).contains(Duration.ofSeconds(90));
    }

    @Test
    void shouldFailPermanentlyOnARejectedTokenWithoutEverShowingIt() {
        server.answerStatus(401, Map.of(), "{\"error\": \"invalid token Bearer " + TOKEN + "\"}");

        OrchestratorException failure = failure(embedder(server.url(), Duration.ofSeconds(5), 1 << 20));

        assertThat(failure).isInstanceOf(PermanentException.class).hasMessageContaining("invalid token Bearer ***")
                .hasMessageNotContaining(TOKEN);
        assertThat(failure.type()).isEqualTo("Unauthorized");
    }

    @Test
    void shouldFailPermanentlyOnABadRequestAndNotFollowARedirect() {
        server.answerStatus(400, Map.of(), "{\"error\": \"no such model\"}");
        assertThat(failure(embedder(server.url(), Duration.ofSeconds(5), 1 << 20)).type()).isEqualTo("BadRequest");

        server.answerStatus(307, Map.of("Location", "http://169.254.169.254/latest/meta-data"), "");
        int before = server.received().size();
        assertThat(failure(embedder(server.url(), Duration.ofSeconds(5), 1 << 20)).type()).isEqualTo("HttpError");
        assertThat(server.received()).hasSize(before + 1);
    }

    @Test
    void shouldRefuseAnAnswerThatIsNotEmbeddingsOrTooLarge() {
        server.answerBody("<html>gateway</html>".getBytes(StandardCharsets.UTF_8));
        assertThat(failure(embedder(server.url(), Duration.ofSeconds(5), 1 << 20)).type()).isEqualTo("BadResponse");

        server.answerBody("{\"data\": []}".getBytes(StandardCharsets.UTF_8));
        assertThat(failure(embedder(server.url(), Duration.ofSeconds(5), 1 << 20))).hasMessageContaining("a 'data' array of 1");

        server.answerBody("{\"data\": [{\"index\": 0, \"embedding\": [0.0, 0.0]}]}".getBytes(StandardCharsets.UTF_8));
        assertThat(failure(embedder(server.url(), Duration.ofSeconds(5), 1 << 20)).type()).isEqualTo("BadEmbedding");

        server.answerEmbeddings();
        OrchestratorException tooLarge = failure(embedder(server.url(), Duration.ofSeconds(5), 1000));
        assertThat(tooLarge).isInstanceOf(PermanentException.class).hasMessageContaining("more than 1000 bytes");
        assertThat(tooLarge.type()).isEqualTo("ResponseTooLarge");
    }

    @Test
    void shouldTimeOutTransientlyWhenTheApiDoesNotAnswer() {
        server.hold();

        OrchestratorException failure = failure(embedder(server.url(), Duration.ofMillis(300), 1 << 20));

        assertThat(failure).isInstanceOf(TransientException.class);
        assertThat(failure.type()).isEqualTo("Timeout");
    }

    @Test
    void shouldFailTransientlyWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }

        OrchestratorException failure = failure(embedder(URI.create("http://127.0.0.1:" + port + "/v1/embeddings"),
                Duration.ofSeconds(2), 1 << 20));

        assertThat(failure).isInstanceOf(TransientException.class);
        assertThat(failure.type()).isEqualTo("ConnectionRefused");
    }

    @Test
    void shouldShowTheTokensReferenceButNeverItsValue() {
        VectorSearchTool tool = tool(httpTiny());

        assertThat(tool.describe()).containsEntry("embeddings.token", "file:" + tokenFile)
                .containsEntry("embeddings.url", server.url().toString());
        assertThat(tool.describe().toString() + tool + embedder(server.url(), Duration.ofSeconds(1), 1)).doesNotContain(TOKEN);
    }

    @Test
    void shouldReportHealthFromAnEmbeddingTheApiAnswers() {
        // given
        VectorSearchTool tool = tool(httpTiny());

        // then
        ToolHealth up = tool.checkHealth().toCompletableFuture().join();
        assertThat(up.reachable()).isTrue();
        assertThat(up.detail()).contains("embeddings http:all-minilm-l6-v2 answered (384 dimensions)").contains("3 documents");

        server.answerStatus(503, Map.of(), "down for maintenance");
        ToolHealth down = tool.checkHealth().toCompletableFuture().join();
        assertThat(down.reachable()).isFalse();
        assertThat(down.detail()).contains("HTTP 503: down for maintenance").doesNotContain(TOKEN);
    }

    @Test
    void shouldRefuseACallAsSaturatedWhenAsManyAsThreadsAndQueueWaitOnTheApi() {
        // given a tool with one thread and no queue, whose one call waits on the API
        VectorSearchTool tool = tool(httpTiny("pool.size", "1", "queue.size", "0"));
        server.hold();
        CompletableFuture<ToolResult> waiting = tool.invoke(Fixtures.query("vectors", "rocket engines")).toCompletableFuture();
        await().until(() -> server.received().stream().anyMatch(r -> r.body().path("input").toString().equals("[\"rocket engines\"]")));

        // when
        CompletableFuture<ToolResult> refused = tool.invoke(Fixtures.query("vectors", "bakery")).toCompletableFuture();

        // then
        assertThatThrownBy(refused::join).hasCauseInstanceOf(SaturatedException.class).hasMessageContaining("1 call(s) in flight");
        assertThat(waiting).isNotDone();
    }
}
