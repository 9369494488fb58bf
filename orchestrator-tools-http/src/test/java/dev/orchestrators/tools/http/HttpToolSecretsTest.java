package dev.orchestrators.tools.http;

import static dev.orchestrators.tools.http.HttpToolFixture.call;
import static dev.orchestrators.tools.http.HttpToolFixture.failure;
import static dev.orchestrators.tools.http.HttpToolFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.localservers.LocalHttpServer;
import dev.orchestrators.localservers.LocalHttpServer.Reply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets are read by reference and never shown: not in describe(), toString(), results or failure messages. */
class HttpToolSecretsTest {
    private static final String TOKEN = "tok-8f2d1c9e77aa4b10";
    private static final String PASSWORD = "pw-3b6f0a9d51c2";
    private final LocalHttpServer server = LocalHttpServer.start();
    private final HttpToolFixture fixture = new HttpToolFixture();
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        fixture.close();
        server.close();
    }

    private static String everything(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void shouldNeverShowABearerTokenReadFromAFile() throws Exception {
        // given: a server that echoes the credentials it got back in its error body
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        server.handle("/", request -> Reply.json(401, "{\"error\":\"bad credentials: " + request.header("Authorization") + "\"}"));
        HttpTool tool = fixture.tool("crm", server.baseUrl(), "path", "/x", "auth", "bearer", "auth.token", "file:" + token);
        // when
        Throwable failure = failure(tool.invoke(call("crm")));
        // then
        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(failure).hasMessageContaining("answered 401").hasMessageContaining("Bearer ***");
        assertThat(everything(failure)).doesNotContain(TOKEN);
        assertThat(tool.describe()).containsEntry("auth.token", "file:" + token);
        assertThat(tool.describe().toString()).doesNotContain(TOKEN);
        assertThat(tool.toString()).contains("file:" + token).doesNotContain(TOKEN);
    }

    @Test
    void shouldNeverShowABasicPasswordNorItsEncoding() throws Exception {
        // given
        Path password = Files.writeString(dir.resolve("password"), PASSWORD);
        String encoded = Base64.getEncoder().encodeToString(("me:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        server.handle("/", request -> Reply.text(403, "text/plain", "denied " + request.header("Authorization") + " / " + PASSWORD));
        HttpTool tool = fixture.tool("crm", server.baseUrl(), "auth", "basic", "auth.user", "me", "auth.password", "env:HOME");
        HttpTool fromFile = fixture.tool("crm2", server.baseUrl(), "auth", "basic", "auth.user", "me", "auth.password", "file:" + password);
        // when
        Throwable failure = failure(fromFile.invoke(call("crm2")));
        // then
        assertThat(everything(failure)).doesNotContain(PASSWORD).doesNotContain(encoded);
        assertThat(tool.describe()).containsEntry("auth.password", "env:HOME");
        assertThat(fromFile.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void shouldPickUpARotatedTokenAtTheNextRequest() throws Exception {
        // given
        Path token = Files.writeString(dir.resolve("token"), "first-token");
        server.script("/x", Reply.json("{}"));
        HttpTool tool = fixture.tool("crm", server.baseUrl(), "path", "/x", "auth", "bearer", "auth.token", "file:" + token);
        result(tool.invoke(call("crm")));
        // when
        Files.writeString(token, "second-token");
        result(tool.invoke(call("crm")));
        // then
        assertThat(server.requests("/x")).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer first-token", "Bearer second-token");
    }

    @Test
    void shouldRefuseATokenWithALineBreakWithoutShowingIt() throws Exception {
        // given
        Path token = Files.writeString(dir.resolve("token"), "good");
        HttpTool tool = fixture.tool("crm", server.baseUrl(), "auth", "bearer", "auth.token", "file:" + token);
        Files.writeString(token, TOKEN + "\r\nX-Injected: yes");
        // when
        Throwable failure = failure(tool.invoke(call("crm")));
        // then
        assertThat(everything(failure)).contains("file:" + token).doesNotContain(TOKEN).doesNotContain("X-Injected");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void shouldShowTheNamesOfFixedHeadersButNotTheirValues() {
        HttpTool tool = fixture.tool("crm", server.baseUrl(), "headers", "{\"X-Tenant\": \"tenant-secret-42\"}");
        assertThat(tool.describe()).containsEntry("headers", "X-Tenant");
        assertThat(tool.describe().toString()).doesNotContain("tenant-secret-42");
    }
}
