package dev.orchestrators.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.tools.ConfiguredTools;
import dev.orchestrators.tools.ToolDocs;
import dev.orchestrators.tools.ToolSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpToolFactoryTest {

    private static HttpSettings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        values.put("base.url", "http://127.0.0.1:9/api");
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return HttpSettings.from(ToolSettings.of("api", "http", values));
    }

    @Test
    void shouldBeFoundOnTheClassPathByItsType() {
        assertThat(ConfiguredTools.factories()).anyMatch(f -> f.type().equals("http"));
    }

    @Test
    void shouldMakeAToolFromSettings() {
        try (ConfiguredTools tools = ConfiguredTools.from(Map.of("tool.api.type", "http",
                "tool.api.base.url", "http://127.0.0.1:9", "tool.api.capability", "send"))) {
            assertThat(tools.adapters().get("api").capability()).isEqualTo(Capability.SEND);
            assertThat(tools.adapters().get("api").type()).isEqualTo("http");
        }
    }

    @Test
    void shouldDefaultToGetForReadAndPostForSideEffects() {
        assertThat(settings().method()).isEqualTo("GET");
        assertThat(settings("capability", "write").method()).isEqualTo("POST");
        assertThat(settings("capability", "send", "method", "put").method()).isEqualTo("PUT");
    }

    @Test
    void shouldSendArgumentsInTheQueryForGetAndInTheBodyForPostByDefault() {
        assertThat(settings().query()).isEqualTo(HttpSettings.Selection.ALL);
        assertThat(settings().body()).isEqualTo(HttpSettings.Selection.NONE);
        assertThat(settings("method", "post").query()).isEqualTo(HttpSettings.Selection.NONE);
        assertThat(settings("method", "post").body()).isEqualTo(HttpSettings.Selection.ALL);
        assertThat(settings("query", "a, b").query().names()).containsExactly("a", "b");
    }

    @Test
    void shouldRequireABaseUrl() {
        assertThatThrownBy(() -> HttpSettings.from(ToolSettings.of("api", "http", Map.of())))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("tool.api.base.url is required");
    }

    @Test
    void shouldRefuseABaseUrlWithCredentialsNamingTheKeyButNotThePassword() {
        assertThatThrownBy(() -> settings("base.url", "http://me:hunter2@api.example"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("tool.api.base.url")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldRefuseAnUnknownKey() {
        assertThatThrownBy(() -> settings("headers.X-Client", "x")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("tool.api.headers.X-Client");
    }

    @Test
    void shouldRefuseABodyForGet() {
        assertThatThrownBy(() -> settings("body", "*")).hasMessageContaining("tool.api.body");
    }

    @Test
    void shouldRefuseAuthWithoutItsSecret() {
        assertThatThrownBy(() -> settings("auth", "bearer")).hasMessageContaining("tool.api.auth").hasMessageContaining("auth.token");
        assertThatThrownBy(() -> settings("auth", "basic", "auth.user", "me")).hasMessageContaining("auth.password");
        assertThatThrownBy(() -> settings("auth", "header", "auth.token", "env:PATH")).hasMessageContaining("auth.header.name");
    }

    @Test
    void shouldRefuseALiteralSecret() {
        assertThatThrownBy(() -> settings("auth", "bearer", "auth.token", "abc123")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("tool.api.auth.token").hasMessageNotContaining("abc123");
    }

    @Test
    void shouldRefuseASecretThatCannotBeReadAtStartUp() {
        assertThatThrownBy(() -> settings("auth", "bearer", "auth.token", "file:/nonexistent/token"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("file:/nonexistent/token");
    }

    @Test
    void shouldRefuseFixedHeadersThatAreNotJsonOrCarryLineBreaksOrCredentials() {
        assertThatThrownBy(() -> settings("headers", "X-A: 1")).hasMessageContaining("tool.api.headers");
        assertThatThrownBy(() -> settings("headers", "{\"X-A\": \"1\\r\\nHost: evil\"}")).hasMessageContaining("line breaks")
                .hasMessageNotContaining("evil");
        assertThatThrownBy(() -> settings("headers", "{\"Authorization\": \"Bearer x\"}")).hasMessageContaining("auth=");
        assertThatThrownBy(() -> settings("headers", "{\"Host\": \"evil.example\"}")).hasMessageContaining("set by the tool");
        assertThatThrownBy(() -> settings("headers", "{\"Idempotency-Key\": \"x\"}")).hasMessageContaining("set by the tool");
        assertThatThrownBy(() -> settings("headers", "{\"Bad Name\": \"x\"}")).hasMessageContaining("not a header name");
    }

    @Test
    void shouldRefuseABadPathTemplateOrHealthPathOrPointer() {
        assertThatThrownBy(() -> settings("path", "/a/../b")).hasMessageContaining("tool.api.path");
        assertThatThrownBy(() -> settings("health.path", "health")).hasMessageContaining("tool.api.health.path");
        assertThatThrownBy(() -> settings("records.pointer", "data")).hasMessageContaining("tool.api.records.pointer");
    }

    @Test
    void shouldRefuseOutOfRangeLimits() {
        assertThatThrownBy(() -> settings("max.concurrent", "0")).hasMessageContaining("tool.api.max.concurrent");
        assertThatThrownBy(() -> settings("timeout.ms", "0")).hasMessageContaining("tool.api.timeout.ms");
        assertThatThrownBy(() -> settings("max.response.bytes", "0")).hasMessageContaining("tool.api.max.response.bytes");
    }

    @Test
    void shouldDocumentEveryKey() {
        String docs = ToolDocs.markdown(List.of(new HttpToolFactory()));
        new HttpToolFactory().keys().forEach(key -> assertThat(docs).contains("`tool.<name>." + key.name() + "`"));
    }
}
