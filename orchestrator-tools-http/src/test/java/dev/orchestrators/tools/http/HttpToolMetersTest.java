package dev.orchestrators.tools.http;

import static dev.orchestrators.tools.http.HttpToolFixture.call;
import static dev.orchestrators.tools.http.HttpToolFixture.failure;
import static dev.orchestrators.tools.http.HttpToolFixture.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrators.core.errors.SaturatedException;
import dev.orchestrators.localservers.LocalHttpServer;
import dev.orchestrators.localservers.LocalHttpServer.Reply;
import dev.orchestrators.tools.AdapterMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls by outcome, calls in flight, and saturation, in the registry the tool was given. */
class HttpToolMetersTest {
    private final LocalHttpServer server = LocalHttpServer.start();
    private final HttpToolFixture fixture = new HttpToolFixture();
    private final MeterRegistry registry = fixture.registry;

    @AfterEach
    void stop() {
        fixture.close();
        server.close();
    }

    private long calls(String outcome, String errorType) {
        var timer = registry.find(AdapterMeters.CALLS).tags("tool", "api", "type", "http", "outcome", outcome, "error_type", errorType).timer();
        return timer == null ? 0 : timer.count();
    }

    private double gauge(String name) {
        return registry.get(name).tags("tool", "api", "type", "http").gauge().value();
    }

    @Test
    void shouldCountCallsByOutcomeAndErrorType() {
        // given
        server.script("/ok", Reply.json("{}"));
        server.script("/down", Reply.unavailable());
        server.script("/missing", Reply.json(404, "{}"));
        HttpTool tool = fixture.tool("api", server.baseUrl(), "path", "/{which}");
        // when
        result(tool.invoke(call("api", "which", "ok")));
        failure(tool.invoke(call("api", "which", "down")));
        failure(tool.invoke(call("api", "which", "missing")));
        failure(tool.invoke(call("api", "which", "..")));
        // then
        assertThat(calls("ok", "none")).isEqualTo(1);
        assertThat(calls("transient", "Unavailable")).isEqualTo(1);
        assertThat(calls("permanent", "NotFound")).isEqualTo(1);
        assertThat(calls("permanent", "InputRefused")).isEqualTo(1);
    }

    @Test
    void shouldFailFastWithSaturatedBeyondMaxConcurrentAndRecoverWhenCallsFinish() {
        // given: one call may be in flight, and it is
        server.script("/slow", Reply.json("{}").after(Duration.ofMillis(300)));
        server.script("/fast", Reply.json("{}"));
        HttpTool tool = fixture.tool("api", server.baseUrl(), "path", "/{which}", "max.concurrent", "1");
        CompletableFuture<?> inFlight = tool.invoke(call("api", "which", "slow")).toCompletableFuture();
        assertThat(gauge(AdapterMeters.IN_USE)).isEqualTo(1);
        // when
        CompletableFuture<?> refused = tool.invoke(call("api", "which", "fast")).toCompletableFuture();
        // then: refused at once, without a request
        assertThat(refused).isCompletedExceptionally();
        assertThat(failure(refused)).isInstanceOf(SaturatedException.class).hasMessageContaining("max.concurrent");
        assertThat(server.requests("/fast")).isEmpty();
        assertThat(registry.get(AdapterMeters.SATURATED).tags("tool", "api").counter().count()).isEqualTo(1);
        assertThat(calls("transient", "Saturated")).isEqualTo(1);
        assertThat(gauge(AdapterMeters.SIZE)).isEqualTo(1);
        // and when the call in flight is done, the next one goes through
        inFlight.join();
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge(AdapterMeters.IN_USE) == 0);
        result(tool.invoke(call("api", "which", "fast")));
        assertThat(gauge(AdapterMeters.WAITING)).isZero();
    }

    @Test
    void shouldLetTheContinuationOfACallStartTheNextOneAtTheLimit() {
        // given: one call may be in flight
        server.script("/a", Reply.json("{\"step\":1}"));
        server.script("/b", Reply.json("{\"step\":2}"));
        HttpTool tool = fixture.tool("api", server.baseUrl(), "path", "/{which}", "max.concurrent", "1");
        // when: the first call's continuation starts the second, as a flow's next step does
        var second = tool.invoke(call("api", "which", "a")).thenCompose(first -> tool.invoke(call("api", "which", "b")));
        // then: the first call's permit was back before its continuation ran
        assertThat(result(second).field("step")).isEqualTo(2);
        assertThat(calls("transient", "Saturated")).isZero();
    }
}
