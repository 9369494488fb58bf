package dev.orchestrators.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrators.core.errors.SaturatedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A blocking client's calls run on the tool's own bounded threads, and beyond the bound they fail fast. */
class BlockingCallsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BlockingCalls calls = new BlockingCalls("crm", 2, 1, AdapterMeters.of(registry, "crm", "sql-query"));
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        calls.close();
    }

    private CompletableFuture<String> blockedCall() {
        return calls.submit(() -> {
            release.await(10, TimeUnit.SECONDS);
            return Thread.currentThread().getName();
        });
    }

    @Test
    void shouldRunEveryCallOnAThreadNamedForTheToolNeverOnTheCaller() throws Exception {
        // given a caller named like a Kafka Streams thread
        Set<String> names = ConcurrentHashMap.newKeySet();
        Thread caller = new Thread(() -> IntStream.range(0, 20).forEach(i ->
                calls.submit(() -> names.add(Thread.currentThread().getName())).join()), "app-StreamThread-1");

        // when
        caller.start();
        caller.join();

        // then
        assertThat(names).isNotEmpty().allMatch(n -> n.startsWith("tool-crm-")).noneMatch(n -> n.contains("StreamThread"));
    }

    @Test
    void shouldFailFastWithSaturatedWhenEveryThreadIsBusyAndTheQueueIsFull() {
        // given two running calls and one waiting
        List<CompletableFuture<String>> held = List.of(blockedCall(), blockedCall(), blockedCall());
        await().until(() -> calls.inUse() == 2 && calls.waiting() == 1);

        // when
        CompletableFuture<String> refused = blockedCall();

        // then it is refused at once, counted, and the held calls still finish
        assertThat(refused).isCompletedExceptionally();
        assertThat(refused.handle((v, e) -> e).join()).isInstanceOf(SaturatedException.class)
                .hasMessageContaining("tool 'crm' is saturated: 2 call(s) running and 1 waiting");
        assertThat(registry.get(AdapterMeters.SATURATED).counter().count()).isEqualTo(1.0);
        release.countDown();
        assertThat(held).allSatisfy(f -> assertThat(f.join()).startsWith("tool-crm-"));
    }

    @Test
    void shouldShowThePoolInUseAndWaitingAsGauges() {
        blockedCall();
        blockedCall();
        blockedCall();
        await().until(() -> calls.inUse() == 2);

        assertThat(registry.get(AdapterMeters.IN_USE).gauge().value()).isEqualTo(2.0);
        assertThat(registry.get(AdapterMeters.WAITING).gauge().value()).isEqualTo(1.0);
        assertThat(registry.get(AdapterMeters.SIZE).gauge().value()).isEqualTo(2.0);
    }

    @Test
    void shouldCompleteTheStageWithTheCallsFailure() {
        CompletableFuture<String> failed = calls.submit(() -> {
            throw new java.sql.SQLException("boom", "08006");
        });

        assertThat(failed.handle((v, e) -> e).join()).isInstanceOf(java.sql.SQLException.class).hasMessage("boom");
    }

    @Test
    void shouldRefuseEveryCallBeyondTheThreadsWhenNoneMayWait() {
        BlockingCalls noQueue = new BlockingCalls("mail", 1, 0, AdapterMeters.of(registry, "mail", "smtp"));
        try {
            CompletableFuture<String> running = noQueue.submit(() -> {
                release.await(10, TimeUnit.SECONDS);
                return "sent";
            });
            await().until(() -> noQueue.inUse() == 1);

            assertThat(noQueue.submit(() -> "second")).isCompletedExceptionally();
            release.countDown();
            assertThat(running.join()).isEqualTo("sent");
        } finally {
            noQueue.close();
        }
    }

    @Test
    void shouldReportTheNewPoolWhenAToolOfTheSameNameIsMadeAgain() {
        // given a closed tool whose pool was busy
        blockedCall();
        await().until(() -> calls.inUse() == 1);
        release.countDown();
        calls.close();

        // when the tool is made again under the same name
        BlockingCalls again = new BlockingCalls("crm", 5, 0, AdapterMeters.of(registry, "crm", "sql-query"));
        try {
            // then the gauges are the new pool's
            assertThat(registry.get(AdapterMeters.SIZE).gauges()).hasSize(1);
            assertThat(registry.get(AdapterMeters.SIZE).gauge().value()).isEqualTo(5.0);
        } finally {
            again.close();
        }
    }

    @Test
    void shouldTakeACallThatACompletingCallStartsFromItsOwnCallback() {
        // given every thread and queue place taken, and a call that starts another when it is answered
        BlockingCalls one = new BlockingCalls("crm", 1, 0, AdapterMeters.of(registry, "crm", "sql-query"));
        try {
            CompletableFuture<String> chained = new CompletableFuture<>();
            one.submit(() -> "first").whenComplete((v, e) -> one.submit(() -> "second").whenComplete((w, f) -> {
                if (f == null) {
                    chained.complete(w);
                } else {
                    chained.completeExceptionally(f);
                }
            }));

            // then the second is not refused as saturated: the first's place was free before it was answered
            assertThat(chained.join()).isEqualTo("second");
        } finally {
            one.close();
        }
    }
}
