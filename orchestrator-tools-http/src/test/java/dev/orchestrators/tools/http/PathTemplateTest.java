package dev.orchestrators.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.PermanentException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathTemplateTest {
    private final PathTemplate companies = PathTemplate.parse("/companies/{domain}");

    @Test
    void shouldEncodeAValueAsOneSegment() {
        assertThat(companies.expand(Map.of("domain", "a/b?c#d e@f%g"), "api"))
                .isEqualTo("/companies/a%2Fb%3Fc%23d%20e%40f%25g");
    }

    @Test
    void shouldEncodeUnicodeAsUtf8() {
        assertThat(companies.expand(Map.of("domain", "bücher.de"), "api")).isEqualTo("/companies/b%C3%BCcher.de");
    }

    @Test
    void shouldFillEveryPlaceholderAndKeepNumbersPlain() {
        PathTemplate lines = PathTemplate.parse("/orders/{id}/lines/{line}.json");
        assertThat(lines.expand(Map.of("id", 12, "line", new java.math.BigDecimal("1E+3")), "api")).isEqualTo("/orders/12/lines/1000.json");
        assertThat(lines.placeholders()).containsExactlyInAnyOrder("id", "line");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "../../admin", "..\\admin", "a/../../b", "%2e%2e", "%2e%2e%2fadmin", "%252e%252e%252f",
            "..%2Fadmin", ".%2e"})
    void shouldRefuseAValueThatHoldsADotSegmentEvenEncoded(String value) {
        assertThatThrownBy(() -> companies.expand(Map.of("domain", value), "api"))
                .isInstanceOfSatisfying(PermanentException.class, e -> assertThat(e.type()).isEqualTo("InputRefused"))
                .hasMessageContaining("'domain'").hasMessageNotContaining("admin");
    }

    @Test
    void shouldAcceptDotsThatAreNotSegments() {
        assertThat(companies.expand(Map.of("domain", "acme.example"), "api")).isEqualTo("/companies/acme.example");
        assertThat(companies.expand(Map.of("domain", "...x"), "api")).isEqualTo("/companies/...x");
    }

    @Test
    void shouldRefuseAMissingEmptyOrStructuredValue() {
        assertThatThrownBy(() -> companies.expand(Map.of(), "api")).hasMessageContaining("missing");
        assertThatThrownBy(() -> companies.expand(Map.of("domain", ""), "api")).hasMessageContaining("empty");
        assertThatThrownBy(() -> companies.expand(Map.of("domain", List.of("a")), "api")).hasMessageContaining("not a single value");
        assertThatThrownBy(() -> companies.expand(Map.of("domain", Map.of("a", 1)), "api")).hasMessageContaining("not a single value");
    }

    @Test
    void shouldKeepAFixedQuery() {
        PathTemplate versioned = PathTemplate.parse("/search?version=2&x=a%20b");
        assertThat(versioned.fixedQuery()).isEqualTo("version=2&x=a%20b");
        assertThat(versioned.template()).isEqualTo("/search");
    }

    @ParameterizedTest
    @ValueSource(strings = {"companies", "/a/../b", "/a/%2e%2e/b", "/a b", "/a\r\nHost: x", "/a#frag", "/a?x={id}", "/a/{1x}"})
    void shouldRefuseABadTemplate(String template) {
        assertThatThrownBy(() -> PathTemplate.parse(template)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAdmitOnlyItsOwnSchemeHostPortAndPathsUnderItsBase() {
        Origin origin = Origin.parse("http://api.example:8080/v1/");
        assertThat(origin.baseUrl()).isEqualTo("http://api.example:8080/v1");
        assertThat(origin.admits(URI.create("http://API.example:8080/v1/companies"))).isTrue();
        assertThat(origin.admits(URI.create("http://api.example:8080/v1"))).isTrue();
        assertThat(origin.admits(URI.create("https://api.example:8080/v1/x"))).isFalse();
        assertThat(origin.admits(URI.create("http://evil.example:8080/v1/x"))).isFalse();
        assertThat(origin.admits(URI.create("http://api.example:8081/v1/x"))).isFalse();
        assertThat(origin.admits(URI.create("http://api.example:8080/v2/x"))).isFalse();
        assertThat(origin.admits(URI.create("http://api.example:8080/v1-admin"))).isFalse();
        assertThat(origin.admits(URI.create("http://api.example:8080/v1/../admin"))).isFalse();
        assertThat(origin.admits(URI.create("http://api.example:8080/v1/%2E%2E/admin"))).isFalse();
        assertThat(origin.admits(URI.create("http://user@api.example:8080/v1/x"))).isFalse();
        assertThat(origin.admits(URI.create("http://api.example:8080/v1/x#frag"))).isFalse();
    }

    @Test
    void shouldTreatTheDefaultPortAsTheSchemesPort() {
        Origin origin = Origin.parse("https://api.example");
        assertThat(origin.admits(URI.create("https://api.example:443/x"))).isTrue();
        assertThat(origin.admits(URI.create("http://api.example:443/x"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://api.example", "api.example", "http://user:pw@api.example", "http://api.example?x=1",
            "http://api.example#f", "http://my_service:8080", "http://api.example/a/../b", "http://"})
    void shouldRefuseABadBaseUrl(String baseUrl) {
        assertThatThrownBy(() -> Origin.parse(baseUrl)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("pw");
    }
}
