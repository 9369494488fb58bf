package dev.orchestrators.tools.http;

import static dev.orchestrators.tools.http.HttpToolFixture.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.localservers.LocalHttpServer;
import dev.orchestrators.localservers.LocalHttpServer.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A call made from a Kafka Streams thread never completes on it: answers, failures and time-outs alike. */
class HttpToolThreadsTest {
    private final LocalHttpServer server = LocalHttpServer.start();
    private final HttpToolFixture fixture = new HttpToolFixture();

    @AfterEach
    void stop() {
        fixture.close();
        server.close();
    }

    @Test
    void shouldCompleteEveryCallOnTheToolsOwnThreadsNeverOnTheCallingStreamThread() throws Exception {
        // given: answers that come after the caller has attached its continuation
        server.script("/ok", Reply.json("{\"ok\":true}").after(Duration.ofMillis(100)));
        server.script("/unavailable", Reply.unavailable().after(Duration.ofMillis(100)));
        server.script("/reset", Reply.reset().after(Duration.ofMillis(100)));
        server.script("/slow", Reply.json("{}").after(Duration.ofSeconds(3)));
        server.script("/big", Reply.oversize(10_000_000, false).after(Duration.ofMillis(100)));
        HttpTool tool = fixture.tool("threads", server.baseUrl(), "path", "/{which}", "timeout.ms", "400",
                "max.response.bytes", "4096");
        Set<String> completedOn = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<?>> stages = new ArrayList<>();
        // when: called from a thread named like a Kafka Streams thread
        Thread streamThread = new Thread(() -> {
            for (String which : List.of("ok", "unavailable", "reset", "slow", "big")) {
                stages.add(tool.invoke(call("threads", "which", which))
                        .whenComplete((result, failure) -> completedOn.add(Thread.currentThread().getName()))
                        .toCompletableFuture());
            }
        }, "lead_sync-6f1c2e-StreamThread-1");
        streamThread.start();
        streamThread.join();
        stages.forEach(stage -> stage.handle((result, failure) -> null).join());
        // then
        assertThat(completedOn).isNotEmpty()
                .allSatisfy(name -> assertThat(name).startsWith("tool-threads-"))
                .noneSatisfy(name -> assertThat(name).contains("StreamThread"));
    }

    @Test
    void shouldNotBlockTheCallingThreadWhileTheServerIsSlow() throws Exception {
        // given
        server.script("/slow", Reply.json("{}").after(Duration.ofSeconds(1)));
        HttpTool tool = fixture.tool("threads", server.baseUrl(), "path", "/slow");
        // when
        long started = System.nanoTime();
        CompletableFuture<?> stage = tool.invoke(call("threads")).toCompletableFuture();
        Duration invokeTook = Duration.ofNanos(System.nanoTime() - started);
        // then
        assertThat(invokeTook).isLessThan(Duration.ofMillis(500));
        assertThat(stage).isNotDone();
        stage.join();
    }
}
