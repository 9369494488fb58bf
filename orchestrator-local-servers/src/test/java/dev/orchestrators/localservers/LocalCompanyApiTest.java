package dev.orchestrators.localservers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalCompanyApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LocalCompanyApi api = LocalCompanyApi.start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        api.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> deliver(String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/deliveries"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldDescribeACompanyDeterministicallyFromItsDomain() throws Exception {
        // when
        JsonNode first = JSON.readTree(get("/companies/acme.example").body());
        JsonNode again = JSON.readTree(get("/companies/acme.example").body());
        // then
        assertThat(first).isEqualTo(again);
        assertThat(first.get("domain").asText()).isEqualTo("acme.example");
        assertThat(first.get("company_name").asText()).isEqualTo("Acme Inc.");
        assertThat(first.get("industry").asText()).isNotBlank();
        assertThat(first.get("employees").asInt()).isBetween(10, 5010);
        assertThat(JSON.convertValue(first, java.util.Map.class)).isEqualTo(LocalCompanyApi.company("acme.example"));
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownCompany() throws Exception {
        assertThat(get("/companies/unknown.example").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldSearchTheCatalogueAndAnswerRecords() throws Exception {
        // when
        HttpResponse<String> response = get("/companies?query=acme%20robotics");
        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode records = JSON.readTree(response.body()).get("records");
        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("domain").asText()).isEqualTo("acme.example");
        assertThat(records.get(0).get("name").asText()).isEqualTo("Acme Inc.");
        assertThat(records.get(0).get("funding_round").asText()).startsWith("series ");
    }

    @Test
    void shouldBeUnavailableForAQueryThatMentionsAnOutage() throws Exception {
        assertThat(get("/companies?query=acme%20outage").statusCode()).isEqualTo(503);
    }

    @Test
    void shouldRecordADeliveryOncePerIdempotencyKey() throws Exception {
        // when
        HttpResponse<String> first = deliver("run-1:delivery:lead-1", "{\"record_key\":\"lead-1\"}");
        HttpResponse<String> repeat = deliver("run-1:delivery:lead-1", "{\"record_key\":\"lead-1\"}");
        HttpResponse<String> other = deliver("run-2:delivery:lead-1", "{\"record_key\":\"lead-1\"}");
        // then
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(repeat.body()).get("delivery_id")).isEqualTo(JSON.readTree(first.body()).get("delivery_id"));
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(JSON.readTree(other.body()).get("delivery_id")).isNotEqualTo(JSON.readTree(first.body()).get("delivery_id"));
        assertThat(api.deliveries()).isEqualTo(2);
        assertThat(api.deliveryRequests()).isEqualTo(3);
    }

    @Test
    void shouldRecordConcurrentRepeatsOfOneKeyOnce() {
        // when
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/deliveries"))
                    .header("Idempotency-Key", "same").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        // then
        assertThat(answers.stream().map(a -> a.join().body()).distinct()).hasSize(1);
        assertThat(api.deliveries()).isEqualTo(1);
    }

    @Test
    void shouldRefuseADeliveryWithoutAKeyOrWithAReusedKeyAndAnotherBody() throws Exception {
        // given
        deliver("k", "{\"a\":1}");
        // when / then
        assertThat(deliver(null, "{\"a\":1}").statusCode()).isEqualTo(400);
        assertThat(deliver("k", "{\"a\":2}").statusCode()).isEqualTo(422);
        assertThat(api.deliveries()).isEqualTo(1);
    }

    @Test
    void shouldAnswerAfterItsFixedLatency() throws Exception {
        try (LocalCompanyApi slow = LocalCompanyApi.start(Duration.ofMillis(50))) {
            // when
            long started = System.nanoTime();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(slow.baseUrl() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            // then
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
            assertThat(slow.requestCount()).isEqualTo(1);
        }
    }
}
