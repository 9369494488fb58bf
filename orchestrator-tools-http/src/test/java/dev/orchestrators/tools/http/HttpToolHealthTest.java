package dev.orchestrators.tools.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.localservers.LocalHttpServer;
import dev.orchestrators.localservers.LocalHttpServer.Reply;
import dev.orchestrators.tools.ToolHealth;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The health check says whether the API answers at all; it never fails. */
class HttpToolHealthTest {
    private final LocalHttpServer server = LocalHttpServer.start();
    private final HttpToolFixture fixture = new HttpToolFixture();

    @AfterEach
    void stop() {
        fixture.close();
        server.close();
    }

    private static ToolHealth health(HttpTool tool) {
        return tool.checkHealth().toCompletableFuture().join();
    }

    @Test
    void shouldBeUpWhenTheBaseUrlAnswersAHeadEvenWith404() {
        // when
        ToolHealth health = health(fixture.tool("api", server.baseUrl() + "/v1", "auth", "bearer", "auth.token", "env:HOME"));
        // then
        assertThat(health.reachable()).isTrue();
        assertThat(health.detail()).isEqualTo("HEAD " + server.baseUrl() + "/v1 answered 404");
        assertThat(server.requests().get(0).method()).isEqualTo("HEAD");
        assertThat(server.requests().get(0).header("Authorization")).isNull();
    }

    @Test
    void shouldGetTheHealthPathWhenConfigured() {
        server.script("/v1/health", Reply.json("{\"status\":\"up\"}"));
        ToolHealth health = health(fixture.tool("api", server.baseUrl() + "/v1", "health.path", "/health"));
        assertThat(health.reachable()).isTrue();
        assertThat(health.detail()).endsWith("/v1/health answered 200");
        assertThat(server.requests("/v1/health").get(0).method()).isEqualTo("GET");
    }

    @Test
    void shouldBeDownWhenNothingListens() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ToolHealth health = health(fixture.tool("api", "http://127.0.0.1:" + closedPort));
        assertThat(health.reachable()).isFalse();
        assertThat(health.detail()).contains("ConnectException");
    }

    @Test
    void shouldBeDownWhenNoAnswerComesInTime() {
        server.script("/", Reply.json("{}").after(Duration.ofSeconds(3)));
        ToolHealth health = health(fixture.tool("api", server.baseUrl(), "timeout.ms", "200"));
        assertThat(health.reachable()).isFalse();
        assertThat(health.took()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void shouldBeDownOnceClosed() {
        HttpTool tool = fixture.tool("api", server.baseUrl());
        tool.close();
        assertThat(health(tool).reachable()).isFalse();
    }
}
