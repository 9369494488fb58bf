package dev.orchestrators.streams.internals.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.Tools;
import dev.orchestrators.samples.LeadSyncSample;
import dev.orchestrators.samples.SampleTools;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.internals.engine.PendingRequest;
import dev.orchestrators.testkit.FlowTestDriver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeadSyncTopologyTest {
    private static final String FLOW = LeadSyncSample.FLOW;
    private FlowTestDriver flow;
    private TestInputTopic<String, String> requests;
    private TestOutputTopic<String, Envelope> results;
    private TestOutputTopic<String, AuditRecord> audit;
    private TestOutputTopic<byte[], byte[]> dlq;

    @BeforeEach
    void startDriver() {
        flow = FlowTestDriver.newBuilder(FLOW, LeadSyncSample::create)
                .context(OrchestratorContext.newBuilder().tools(SampleTools.inMemory()).build())
                .build();
        requests = flow.requests();
        results = flow.results();
        audit = flow.audit();
        dlq = flow.deadLetters();
    }

    @AfterEach
    void closeDriver() {
        flow.close();
    }

    @Test
    void shouldEmitOneEnvelopeKeyedLikeTheRequestWithTheCallersRunId() {
        requests.pipeInput("lead-7", "{\"run_id\":\"run-1\",\"payload\":{\"lead_id\":\"L-7\"}}");

        List<TestRecord<String, Envelope>> out = results.readRecordsToList();
        assertThat(out).hasSize(1);
        TestRecord<String, Envelope> result = out.get(0);
        assertThat(result.key()).isEqualTo("lead-7");
        Envelope envelope = result.value();
        assertThat(envelope.runId()).isEqualTo("run-1");
        assertThat(envelope.metadata().flow()).isEqualTo(FLOW);
        assertThat(envelope.status()).isEqualTo(RunStatus.DISABLED);
        assertThat(envelope.metadata().steps()).extracting(s -> s.name()).containsExactly("fetch_lead", "enricher", "delivery");
        assertThat(envelope.records()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("L-7");
            assertThat(record.fields()).containsKeys("name", "email", "company_domain", "company_name", "industry");
            assertThat(record.provenance()).extracting(p -> p.action()).containsExactly("produced", "enriched", "delivery_disabled");
        });
        assertThat(Headers.lastValue(result.headers(), Headers.RUN_ID)).isEqualTo("run-1");
        assertThat(Headers.lastValue(result.headers(), Headers.STATUS)).isEqualTo("DISABLED");
    }

    @Test
    void shouldAuditTheFinalEnvelopeUnderRunAndOrchestratorKey() {
        requests.pipeInput("lead-7", "{\"run_id\":\"run-2\",\"payload\":{\"lead_id\":\"L-7\"}}");

        List<TestRecord<String, AuditRecord>> entries = audit.readRecordsToList();
        assertThat(entries).extracting(TestRecord::key).contains("run-2/lead_sync");
        AuditRecord finalEntry = entries.stream().filter(e -> e.key().equals("run-2/lead_sync")).findFirst().orElseThrow().value();
        assertThat(finalEntry.kind()).isEqualTo(AuditKind.ENVELOPE);
        assertThat(finalEntry.envelope().status()).isEqualTo(RunStatus.DISABLED);
        assertThat(entries).extracting(e -> e.value().kind()).contains(AuditKind.DELIVERY);
    }

    @Test
    void shouldTakeTheRunIdFromTheHeaderWhenThePayloadHasNone() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.RUN_ID, "from-header".getBytes(StandardCharsets.UTF_8));
        requests.pipeInput(new TestRecord<>("k", "{\"payload\":{\"lead_id\":\"L-1\"}}", headers));

        assertThat(results.readValue().runId()).isEqualTo("from-header");
    }

    @Test
    void shouldGenerateARunIdWhenTheRequestCarriesNone() {
        requests.pipeInput("k", "{\"payload\":{\"lead_id\":\"L-1\"}}");

        assertThat(results.readValue().runId()).isNotBlank();
    }

    @Test
    void shouldSendMalformedRecordsToTheDeadLetterTopicAndKeepProcessing() {
        requests.pipeInput("bad", "{not json");
        requests.pipeInput("good", "{\"payload\":{\"lead_id\":\"L-2\"}}");

        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("bad");
        assertThat(Headers.lastValue(dead.headers(), Headers.DLQ_REASON)).contains("not valid JSON");
        assertThat(Headers.lastValue(dead.headers(), Headers.DLQ_TOPIC)).isEqualTo(TopicNames.requests(FLOW));
        assertThat(Headers.lastValue(dead.headers(), Headers.DLQ_OFFSET)).isEqualTo("0");
        assertThat(results.readRecordsToList()).extracting(TestRecord::key).containsExactly("good");
    }

    @Test
    void shouldDeadLetterARequestWithoutAPayloadObject() {
        requests.pipeInput("k", "{\"run_id\":\"r\",\"lead_id\":\"L-1\"}");

        assertThat(Headers.lastValue(dlq.readRecord().headers(), Headers.DLQ_REASON)).contains("'payload'");
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void shouldAnswerAnInvalidPayloadWithAFailedEnvelopeThatIsAudited() {
        requests.pipeInput("k", "{\"run_id\":\"r-bad\",\"payload\":{\"lead\":\"L-1\"}}");

        Envelope envelope = results.readValue();
        assertThat(envelope.status()).isEqualTo(RunStatus.FAILED);
        assertThat(envelope.metadata().error().type()).isEqualTo("InvalidPayload");
        assertThat(audit.readRecordsToList()).extracting(TestRecord::key).contains("r-bad/lead_sync");
    }

    @Test
    void shouldKeepNothingPendingAfterAnswering() {
        requests.pipeInput("k", "{\"payload\":{\"lead_id\":\"L-1\"}}");

        assertThat(flow.pendingStore().approximateNumEntries()).isZero();
        assertThat(Map.of("results", results.getQueueSize())).containsEntry("results", 1L);
    }

    @Test
    void shouldKeepAParkedRetryOfASynchronousToolDurably() {
        flow.close();
        var failingOnce = new AtomicBoolean(true);
        var tools = SampleTools.inMemory().with(Tools.inMemory(SampleTools.DATA_COORDINATOR,
                Capability.READ, call -> {
                    if (failingOnce.getAndSet(false)) {
                        throw new TransientException("CRM busy");
                    }
                    return Map.of("lead_id", call.argument("lead_id"), "company_domain", "acme.example");
                }));
        flow = FlowTestDriver.newBuilder(FLOW, ctx -> Coordinator.newBuilder(FLOW)
                        .capabilities(Capability.READ)
                        .retryPolicy(RetryPolicy.newBuilder().initialDelay(Duration.ofSeconds(30))
                                .maxDelay(Duration.ofSeconds(30)).jitter(0).build())
                        .step(Steps.fetch("fetch_lead", SampleTools.DATA_COORDINATOR,
                                p -> Map.of("lead_id", p.get("lead_id")), "lead_id"))
                        .build(ctx))
                .context(OrchestratorContext.newBuilder().tools(tools).build())
                .build();

        flow.send("k", "parked-run", "lead_id", "L-9");

        assertThat(flow.results().isEmpty()).isTrue();
        assertThat(flow.pendingStore().approximateNumEntries()).isEqualTo(1);
        assertThat(((PendingRequest) flow.pendingStore().get(0L)).notBeforeMs()).isPositive();
        assertThat(flow.tickAndRead(Duration.ofSeconds(31))).singleElement()
                .satisfies(kv -> assertThat(kv.value.metadata().attempts()).isEqualTo(2));
        assertThat(flow.pendingStore().approximateNumEntries()).isZero();
    }

    @Test
    void shouldDeriveTheRunIdOfARequestWithoutOneFromWhereItIsSoThatARereadKeepsIt() {
        // when a request names no run id, neither in its payload nor in a header
        requests.pipeInput("lead-9", "{\"payload\":{\"lead_id\":\"L-9\"}}");

        // then its run id is its position, the same whenever that record is read
        assertThat(results.readValue().runId()).isEqualTo("lead_sync.requests-0-0");
    }
}
