package dev.orchestrators.tools.mail;

import static dev.orchestrators.localservers.FaultySmtpServer.Stage.MAIL;
import static dev.orchestrators.tools.mail.MailFixtures.answer;
import static dev.orchestrators.tools.mail.MailFixtures.call;
import static dev.orchestrators.tools.mail.MailFixtures.failure;
import static dev.orchestrators.tools.mail.MailFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrators.core.errors.SaturatedException;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.localservers.FaultySmtpServer;
import dev.orchestrators.tools.AdapterMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where sends run: never on the caller's (a Kafka Streams) thread, and never more than the pool and its queue. */
class SmtpThreadsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Queue<String> clientThreads = new ConcurrentLinkedQueue<>();
    private FaultySmtpServer server;
    private SmtpTool mail;

    @BeforeEach
    void start() throws IOException {
        server = FaultySmtpServer.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.release();
        mail.close();
        server.close();
    }

    private SmtpTool tool(String... extra) {
        mail = new SmtpTool(settings(server.host(), server.port(), "none", extra),
                AdapterMeters.of(registry, "mail", SmtpToolFactory.TYPE), () -> clientThreads.add(Thread.currentThread().getName()));
        return mail;
    }

    private CompletionStage<ToolResult> send(String key) {
        return mail.invoke(call("to", "ada@example.com", "subject", "s", "text", "t", "idempotency_key", key));
    }

    @Test
    void shouldNeverUseTheSmtpClientOnTheCallersThread() throws Exception {
        // given
        tool("pool.size", "2");
        List<CompletionStage<ToolResult>> sends = new ArrayList<>();

        // when a stream thread calls the tool
        Thread streamThread = new Thread(() -> {
            for (int i = 0; i < 6; i++) {
                sends.add(send("k-" + i));
            }
        }, "lead_sync-worker-1-StreamThread-1");
        streamThread.start();
        streamThread.join();
        sends.forEach(MailFixtures::answer);

        // then
        assertThat(clientThreads).hasSize(6).noneMatch(name -> name.contains("StreamThread"))
                .allMatch(name -> name.startsWith("tool-mail-"));
        assertThat(server.accepted()).isEqualTo(6);
    }

    @Test
    void shouldFailFastAsSaturatedWhenEverySessionIsBusyAndTheQueueIsFull() {
        // given one session, no waiting room, and a send stuck at MAIL FROM
        server.stall(MAIL);
        tool("pool.size", "1", "queue.size", "0");
        CompletableFuture<ToolResult> stuck = send("k-1").toCompletableFuture();
        await().until(() -> registry.get(AdapterMeters.IN_USE).gauge().value() == 1.0);

        // when
        Throwable refused = failure(send("k-2"));

        // then
        assertThat(refused).isInstanceOf(SaturatedException.class);
        assertThat(registry.get(AdapterMeters.SATURATED).counter().count()).isEqualTo(1);
        assertThat(stuck).isNotDone();

        // and when the server answers again, the stuck send completes
        server.release();
        assertThat(MailFixtures.answer(stuck).field("delivery_id")).isNotNull();
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void shouldJoinASendOfTheSameKeyThatIsStillRunning() {
        // given a slow send
        server.stall(MAIL);
        tool("pool.size", "2");
        CompletableFuture<ToolResult> first = send("k-1").toCompletableFuture();
        await().until(() -> registry.get(AdapterMeters.IN_USE).gauge().value() == 1.0);

        // when the runtime's tool time-out fires and the same key is called again
        CompletableFuture<ToolResult> second = send("k-1").toCompletableFuture();
        server.release();

        // then one message answers both
        assertThat(MailFixtures.answer(second)).isEqualTo(MailFixtures.answer(first));
        assertThat(server.accepted()).isEqualTo(1);
        assertThat(clientThreads).hasSize(1);
    }
}
