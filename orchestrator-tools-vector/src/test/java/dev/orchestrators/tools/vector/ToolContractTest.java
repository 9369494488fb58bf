package dev.orchestrators.tools.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.SaturatedException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.BlockingCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared adapter contract: never on the caller's thread, bounded and fail-fast, timed out, metered. */
class ToolContractTest {
    private static final String NAME = "vectors";
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AdapterMeters meters = AdapterMeters.of(registry, NAME, VectorSearchFactory.TYPE);
    private final Recording.RecordingEmbedder embedder = new Recording.RecordingEmbedder(OnnxEmbedder.minilm(false));
    private final List<VectorSearchTool> tools = new ArrayList<>();

    @AfterEach
    void close() {
        tools.forEach(VectorSearchTool::close);
    }

    private static VectorIndex companies() {
        return Fixtures.sharedCompanies();
    }

    private VectorSearchTool tool(VectorIndex index, int threads, int queue, Duration timeout) {
        SearchRequest.Limits limits = new SearchRequest.Limits(5, 100, -1.0, 4096, timeout);
        VectorSearchTool tool = new VectorSearchTool(NAME, embedder, index, limits, new BlockingCalls(NAME, threads, queue, meters),
                threads + queue, meters, Map.of());
        tools.add(tool);
        return tool;
    }

    private static CompletionStage<ToolResult> call(VectorSearchTool tool, String query) {
        return tool.invoke(Fixtures.query(NAME, query));
    }

    @Test
    void shouldNeverEmbedOrSearchOnTheCallersThreadEvenWhenCalledFromAStreamThread() throws Exception {
        // given
        Recording.GatedIndex index = new Recording.GatedIndex(companies(), true);
        VectorSearchTool tool = tool(index, 2, 32, Duration.ofSeconds(30));
        List<CompletableFuture<ToolResult>> answers = new ArrayList<>();

        // when a Kafka Streams thread calls it twenty times
        Thread streamThread = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                answers.add(call(tool, "query number " + i).toCompletableFuture());
            }
        }, "company_search-0c1d-StreamThread-1");
        streamThread.start();
        streamThread.join();
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();

        // then every embedding and every search ran on the tool's own threads
        assertThat(embedder.threads).hasSize(20).allMatch(name -> name.startsWith("tool-vectors-"))
                .noneMatch(name -> name.contains("StreamThread"));
        assertThat(index.threads).hasSize(20).allMatch(name -> name.startsWith("tool-vectors-"))
                .noneMatch(name -> name.contains("StreamThread"));
    }

    @Test
    void shouldAnswerManyConcurrentSearchesEachWithItsOwnResult() {
        // given
        VectorSearchTool tool = tool(companies(), 2, 64, Duration.ofSeconds(30));
        List<String> queries = List.of("rocket engines", "my dog is sick", "quantum computers", "solar panels on my roof");
        List<String> expected = List.of("orbitalforge.example", "pawsitive.example", "qubitworks.example", "sunridge.example");

        // when 48 searches run at once
        List<CompletableFuture<ToolResult>> answers = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            answers.add(call(tool, queries.get(i % 4)).toCompletableFuture());
        }

        // then each got the answer to its own query
        for (int i = 0; i < 48; i++) {
            assertThat(Fixtures.field(answers.get(i).join().fields(), "domain")).first().isEqualTo(expected.get(i % 4));
        }
    }

    @Test
    void shouldRefuseACallAtOnceAsSaturatedWhenEveryThreadAndTheQueueAreBusy() {
        // given one thread, held in a search, and one call waiting
        Recording.GatedIndex index = new Recording.GatedIndex(companies(), false);
        VectorSearchTool tool = tool(index, 1, 1, Duration.ofSeconds(30));
        CompletableFuture<ToolResult> running = call(tool, "rocket engines").toCompletableFuture();
        await().until(() -> index.waiting.get() == 1);
        CompletableFuture<ToolResult> queued = call(tool, "bakery").toCompletableFuture();

        // when a third call comes
        CompletableFuture<ToolResult> refused = call(tool, "coffee").toCompletableFuture();

        // then it fails at once, transiently, and is counted; the others answer once the search goes on
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).hasCauseInstanceOf(SaturatedException.class);
        assertThat(registry.get(AdapterMeters.SATURATED).counter().count()).isEqualTo(1.0);
        assertThat(registry.get(AdapterMeters.WAITING).gauge().value()).isEqualTo(1.0);
        index.open();
        assertThat(Fixtures.field(running.join().fields(), "domain")).first().isEqualTo("orbitalforge.example");
        assertThat(Fixtures.field(queued.join().fields(), "domain")).first().isEqualTo("crumb.example");
    }

    @Test
    void shouldFailWithATransientTimeoutWhenASearchTakesLongerThanTimeoutMs() {
        // given a search that does not finish
        Recording.GatedIndex index = new Recording.GatedIndex(companies(), false);
        VectorSearchTool tool = tool(index, 1, 1, Duration.ofMillis(300));

        // when
        CompletableFuture<ToolResult> answer = call(tool, "rocket engines").toCompletableFuture();

        // then
        assertThatThrownBy(answer::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(TransientException.class).hasMessageContaining("did not answer within timeout.ms=300")
                .satisfies(e -> assertThat(((TransientException) e).type()).isEqualTo("Timeout"));
        assertThat(registry.get(AdapterMeters.CALLS).tag("outcome", "transient").tag("error_type", "Timeout").timer().count())
                .isEqualTo(1);
        index.open();
    }

    @Test
    void shouldMeterEveryCallByOutcomeAndErrorTypeAndShowThePool() {
        // given
        VectorSearchTool tool = tool(companies(), 2, 2, Duration.ofSeconds(30));

        // when one call answers and one is refused
        call(tool, "rocket engines").toCompletableFuture().join();
        assertThatThrownBy(() -> call(tool, "").toCompletableFuture().join()).hasCauseInstanceOf(PermanentException.class);

        // then
        assertThat(registry.get(AdapterMeters.CALLS).tags("tool", NAME, "type", "vector-search", "outcome", "ok", "error_type", "none")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get(AdapterMeters.CALLS).tags("outcome", "permanent", "error_type", "InputRefused").timer().count())
                .isEqualTo(1);
        assertThat(registry.get(AdapterMeters.SIZE).tag("tool", NAME).gauge().value()).isEqualTo(2.0);
        // (a thread counts as in use until its task has returned, a moment after the call's answer)
        await().until(() -> registry.get(AdapterMeters.IN_USE).gauge().value() == 0.0);
    }

    @Test
    void shouldFailCallsAfterItIsClosed() {
        // given
        VectorSearchTool tool = tool(companies(), 1, 1, Duration.ofSeconds(30));

        // when
        tool.close();

        // then
        assertThatThrownBy(() -> call(tool, "rocket engines").toCompletableFuture().join())
                .hasCauseInstanceOf(PermanentException.class).hasMessageContaining("is closed");
        assertThat(tool.checkHealth().toCompletableFuture().join().reachable()).isFalse();
    }
}
