package dev.orchestrators.tools.http;

import static dev.orchestrators.tools.http.HttpToolFixture.call;
import static dev.orchestrators.tools.http.HttpToolFixture.failure;
import static dev.orchestrators.tools.http.HttpToolFixture.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrators.core.errors.IndeterminateOutcomeException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.localservers.LocalCompanyApi;
import dev.orchestrators.localservers.LocalHttpServer;
import dev.orchestrators.localservers.LocalHttpServer.Reply;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** WRITE and SEND calls change the world at most once per idempotency key. */
class HttpToolIdempotencyTest {
    private final HttpToolFixture fixture = new HttpToolFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static Object[] delivery(String key) {
        return new Object[]{"delivery_key", key, "record_key", "lead-1", "fields", Map.of("name", "Ada Lovelace"),
                "idempotency_key", key};
    }

    @Test
    void shouldNotDuplicateARepeatedPostOnTheCompanyApi() {
        try (LocalCompanyApi api = LocalCompanyApi.start()) {
            // given
            HttpTool delivery = fixture.tool("delivery", api.baseUrl(), "capability", "send", "path", "/deliveries");
            // when: the runtime repeats the side effect (a retry, a resume after a crash) under the same key
            ToolResult first = result(delivery.invoke(call("delivery", delivery("run-1:delivery:lead-1"))));
            ToolResult repeat = result(delivery.invoke(call("delivery", delivery("run-1:delivery:lead-1"))));
            // then
            assertThat(repeat.field("delivery_id")).isEqualTo(first.field("delivery_id")).isNotNull();
            assertThat(api.deliveryRequests()).isEqualTo(2);
            assertThat(api.deliveries()).isEqualTo(1);
        }
    }

    @Test
    void shouldSendTheKeyInTheConfiguredHeaderAndNeverInTheBody() {
        try (LocalHttpServer server = LocalHttpServer.start()) {
            server.script("/hooks", Reply.json("{\"ok\":true}"));
            HttpTool hook = fixture.tool("hook", server.baseUrl(), "capability", "write", "path", "/hooks",
                    "idempotency.header", "X-Idempotency-Key");
            result(hook.invoke(call("hook", "event", "created", "idempotency_key", "run-1:hook")));
            assertThat(server.requests().get(0).header("X-Idempotency-Key")).isEqualTo("run-1:hook");
            assertThat(server.requests().get(0).bodyText()).isEqualTo("{\"event\":\"created\"}");
        }
    }

    @Test
    void shouldRefuseASideEffectWithoutAnIdempotencyKeyAndSendNothing() {
        try (LocalCompanyApi api = LocalCompanyApi.start()) {
            HttpTool delivery = fixture.tool("delivery", api.baseUrl(), "capability", "send", "path", "/deliveries");
            Throwable failure = failure(delivery.invoke(call("delivery", "record_key", "lead-1")));
            assertThat(failure).isInstanceOfSatisfying(PermanentException.class,
                    e -> assertThat(e.type()).isEqualTo("MissingIdempotencyKey"));
            assertThat(api.requestCount()).isZero();
        }
    }

    @Test
    void shouldRetryATimedOutPostSafelyBecauseTheServerDeduplicatesTheKey() {
        try (LocalCompanyApi api = LocalCompanyApi.start(Duration.ofMillis(600))) {
            // given: a tool that gives up before the slow API answers, though the API records the delivery
            HttpTool impatient = fixture.tool("delivery", api.baseUrl(), "capability", "send", "path", "/deliveries",
                    "timeout.ms", "100");
            HttpTool patient = fixture.tool("delivery2", api.baseUrl(), "capability", "send", "path", "/deliveries");
            // when
            Throwable timedOut = failure(impatient.invoke(call("delivery", delivery("run-1:delivery:lead-1"))));
            ToolResult retried = result(patient.invoke(call("delivery2", delivery("run-1:delivery:lead-1"))));
            // then: the time-out was transient, and the retry under the same key did not deliver twice
            assertThat(timedOut).isInstanceOfSatisfying(TransientException.class, e -> assertThat(e.type()).isEqualTo("Timeout"));
            assertThat(retried.field("delivery_id")).isNotNull();
            assertThat(api.deliveryRequests()).isEqualTo(2);
            assertThat(api.deliveries()).isEqualTo(1);
        }
    }

    @Test
    void shouldReportATimedOutPostAsIndeterminateWhenTheServerDoesNotHonourTheKey() {
        try (LocalHttpServer server = LocalHttpServer.start()) {
            // given
            server.script("/send", Reply.json("{}").after(Duration.ofSeconds(2)));
            HttpTool sms = fixture.tool("sms", server.baseUrl(), "capability", "send", "path", "/send", "timeout.ms", "100",
                    "indeterminate.on.timeout", "true");
            // when
            Throwable failure = failure(sms.invoke(call("sms", "to", "+4412345", "idempotency_key", "run-1:sms")));
            // then
            assertThat(failure).isInstanceOfSatisfying(IndeterminateOutcomeException.class, e -> {
                assertThat(e.idempotencyKey()).isEqualTo("run-1:sms");
                assertThat(e.details()).containsEntry("outcome", "indeterminate");
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> server.requests("/send").size() == 1);
        }
    }

    @Test
    void shouldRetryAConflictOnAKeyStillBeingProcessed() {
        try (LocalHttpServer server = LocalHttpServer.start()) {
            server.script("/send", Reply.json(409, "{\"error\":\"a request with this key is in progress\"}"));
            HttpTool send = fixture.tool("send", server.baseUrl(), "capability", "send", "path", "/send");
            Throwable failure = failure(send.invoke(call("send", "idempotency_key", "run-1:send")));
            assertThat(failure).isInstanceOfSatisfying(TransientException.class,
                    e -> assertThat(e.type()).isEqualTo("IdempotencyKeyInUse"));
        }
    }
}
