package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.JsonSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker observed as an operator would: started with {@code orchestrator run --metrics-port 0} and OTLP trace export
 * to a stand-in collector, it turns ready, serves the orchestrators' meters (with non-zero counts once requests are
 * answered) next to Kafka Streams' own metrics, and carries a request's W3C trace to the envelope, the audit record and
 * the dead letter, exporting the spans of the run.
 */
@Timeout(180)
class ObservabilityIT {
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String FLOW = "lead_sync";
    @RegisterExtension
    static final KafkaBroker broker = new KafkaBroker();

    private static OtlpCollector collector;
    private static WorkerProcess worker;
    private static int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startObservedWorker() {
        collector = OtlpCollector.start();
        worker = Workers.of(broker.bootstrapServers(), "exactly_once_v2", "observed-" + UUID.randomUUID() + "-")
                .withSampleLatencyMs(20)
                .with("orchestrator.tracing.exporter=otlp")
                .with("orchestrator.tracing.otlp.endpoint=" + collector.url())
                .withArguments("--metrics-port", "0")
                .start("observed");
        port = Workers.awaitMetricsPort(worker, STARTUP);
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldTurnReadyAndServeTheOrchestratorsMetersNextToKafkaStreamsMetrics() throws Exception {
        // given: the worker is ready and live
        eventually(PATIENCE).until(() -> get("/health/ready").statusCode() == 200);
        assertThat(get("/health/ready").body()).contains("\"lead_sync\":{\"state\":\"RUNNING\",\"live\":true,\"ready\":true}");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);

        // when: three requests are answered
        List<String> runIds = List.of(runId(), runId(), runId());
        try (Requests requests = Requests.to(broker.bootstrapServers(), FLOW);
             TopicReader<Envelope> results = TopicReader.readCommitted(broker.bootstrapServers(), TopicNames.results(FLOW),
                     JsonSerde.envelope().deserializer())) {
            requests.publishLeads(runIds.stream().map(id -> new Requests.Lead("metered-" + id, id, "L-1")).toList());
            eventually(PATIENCE).until(() -> results.poll().stream().filter(r -> runIds.contains(r.value().runId())).count() == 3);
        }

        // then: the orchestrators' and the flow's meters count them, next to Kafka Streams' and the JVM's
        Scrape metrics = Scrape.of(get("/metrics").body());
        assertThat(metrics.sum("orchestrator_runs_seconds_count", Map.of("flow", FLOW, "orchestrator", FLOW, "status", "DISABLED")))
                .as("runs\n%s", metrics).isGreaterThanOrEqualTo(3.0);
        assertThat(metrics.sum("orchestrator_steps_seconds_count", Map.of("orchestrator", FLOW, "step", "fetch_lead", "status", "OK")))
                .isGreaterThanOrEqualTo(3.0);
        assertThat(metrics.sum("orchestrator_tool_calls_seconds_count", Map.of("tool", "data_coordinator", "outcome", "ok")))
                .isGreaterThanOrEqualTo(3.0);
        assertThat(metrics.sum("orchestrator_envelopes_total", Map.of("flow", FLOW, "status", "DISABLED"))).isGreaterThanOrEqualTo(3.0);
        assertThat(metrics.matching("orchestrator_runs_in_flight", Map.of("flow", FLOW))).hasSize(1);
        assertThat(metrics.matching("orchestrator_dead_letters_total", Map.of("flow", FLOW, "reason", "unreadable"))).hasSize(1);
        assertThat(metrics.matching("orchestrator_tool_calls_in_flight", Map.of("tool", "data_coordinator"))).hasSize(1);
        assertThat(metrics.namesStartingWith("kafka_stream_")).as("Kafka Streams metrics").isNotEmpty();
        assertThat(metrics.matching("kafka_stream_alive_stream_threads", Map.of("flow", FLOW)))
                .singleElement().satisfies(threads -> assertThat(threads.value()).isEqualTo(1.0));
        assertThat(metrics.namesStartingWith("jvm_memory_used_bytes")).isNotEmpty();
    }

    @Test
    void shouldCarryARequestsTraceToItsEnvelopeAuditAndDeadLetterAndExportItsSpans() throws Exception {
        // given: a caller's trace
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String callerSpanId = HexFormat.of().formatHex(randomBytes(8));
        RecordHeaders traced = new RecordHeaders();
        traced.add(Headers.TRACEPARENT, Requests.utf8("00-" + traceId + "-" + callerSpanId + "-01"));
        String runId = runId();
        try (Requests requests = Requests.to(broker.bootstrapServers(), FLOW);
             TopicReader<Envelope> results = TopicReader.readCommitted(broker.bootstrapServers(), TopicNames.results(FLOW),
                     JsonSerde.envelope().deserializer());
             TopicReader<AuditRecord> audit = TopicReader.readCommitted(broker.bootstrapServers(), TopicNames.AUDIT,
                     JsonSerde.auditRecord().deserializer());
             TopicReader<byte[]> deadLetters = TopicReader.readCommitted(broker.bootstrapServers(), TopicNames.deadLetters(FLOW),
                     new ByteArrayDeserializer())) {

            // when: a traced request, and a traced one that cannot be read
            requests.publishRaw(new ProducerRecord<>(requests.topic(), null, Requests.utf8("traced"),
                    Requests.utf8(Requests.leadSync(runId, "L-7")), traced));
            requests.publishRaw(new ProducerRecord<>(requests.topic(), null, Requests.utf8("traced"),
                    Requests.utf8("{not json"), traced));

            // then: the envelope and its audit entry are in the caller's trace, under our span (not the caller's)
            ConsumerRecord<String, Envelope> envelope = eventually(PATIENCE).until(() -> results.poll().stream()
                    .filter(r -> runId.equals(r.value().runId())).findFirst(), found -> found.isPresent()).orElseThrow();
            String traceparent = Headers.lastValue(envelope.headers(), Headers.TRACEPARENT);
            assertThat(traceparent).startsWith("00-" + traceId + "-").doesNotContain(callerSpanId);
            ConsumerRecord<String, AuditRecord> entry = eventually(PATIENCE).until(() -> audit.poll().stream()
                    .filter(r -> (runId + "/" + FLOW).equals(r.key())).findFirst(), found -> found.isPresent()).orElseThrow();
            assertThat(Headers.lastValue(entry.headers(), Headers.TRACEPARENT)).isEqualTo(traceparent);

            // and: the dead letter keeps the caller's trace context as it came
            ConsumerRecord<String, byte[]> deadLetter = eventually(PATIENCE).until(() -> deadLetters.poll().stream()
                    .filter(r -> "traced".equals(r.key())).findFirst(), found -> found.isPresent()).orElseThrow();
            assertThat(Headers.lastValue(deadLetter.headers(), Headers.TRACEPARENT)).startsWith("00-" + traceId + "-");

            // and: the run's spans reach the collector
            eventually(PATIENCE).until(() -> collector.receivedTraceId(traceId) && collector.received(runId)
                    && collector.received("step fetch_lead") && collector.received("process lead_sync.requests"));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nworker log:" + Workers.logs(worker), e);
        }
    }

    private static String runId() {
        return "observed-" + UUID.randomUUID();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1; // never all zeros (an invalid id)
        return bytes;
    }
}
