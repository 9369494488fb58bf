package dev.orchestrators.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.envelope.StepRun.StepStatus;
import dev.orchestrators.core.envelope.StepRun;
import dev.orchestrators.core.kinds.delivery.DeliveryOrchestrator;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.queue.InMemoryQueue;
import dev.orchestrators.core.queue.Job;
import dev.orchestrators.core.runtime.CampaignManager;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.core.runtime.Worker;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.ToolCall;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The design's smoke test without a broker: ingest, enqueue, worker runs, audit holds the envelope. */
class LeadSyncSmokeTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final InMemoryQueue queue = new InMemoryQueue();
    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final InMemoryToolContainer tools = SampleTools.inMemory();
    private final CampaignManager campaignManager = new CampaignManager(queue, clock);
    private final OrchestratorContext context = OrchestratorContext.newBuilder()
            .tools(tools)
            .auditStore(audit)
            .clock(clock)
            .delays(new RecordingDelays())
            .deliveryGate(campaignManager)
            .queue(queue)
            .build();
    private final Worker worker = new Worker(LeadSyncSample.register(Registry.newBuilder()).build(), queue, context);

    /** What the sample tools say about lead L-1 and its company. */
    private Map<String, Object> expectedFields() {
        Map<String, Object> lead = answer(SampleTools.DATA_COORDINATOR, Map.of("lead_id", "L-1"));
        Map<String, Object> company = answer(SampleTools.ENRICHMENT, Map.of("company_domain", lead.get("company_domain")));
        Map<String, Object> all = new LinkedHashMap<>(lead);
        all.putAll(company);
        return all;
    }

    private Map<String, Object> answer(String tool, Map<String, Object> arguments) {
        return tools.get(tool).invoke(new ToolCall("probe", "test", "probe", tool, 1, arguments))
                .toCompletableFuture().join().fields();
    }

    private Envelope auditedEnvelope(String runId) {
        return audit.forRun(runId).stream().filter(r -> r.kind() == AuditKind.ENVELOPE)
                .map(AuditRecord::envelope).findFirst().orElseThrow(() -> new AssertionError("no envelope audited for " + runId));
    }

    @Test
    void shouldRunAnIngestedEventAndAuditADisabledEnvelopeWhileDeliveryIsOff() {
        // given
        String runId = campaignManager.ingestEvent(LeadSyncSample.FLOW, Map.of("lead_id", "L-1"));
        assertThat(queue.size()).isEqualTo(1);

        // when
        worker.runOnce();

        // then
        assertThat(queue.isEmpty()).isTrue();
        Envelope envelope = auditedEnvelope(runId);
        EnvelopeAssert.assertThat(envelope).hasRunId(runId).hasStatus(RunStatus.DISABLED)
                .hasStepsInOrder("fetch_lead", "enricher", "delivery").hasRecordKeys("L-1");
        assertThat(envelope.metadata().reason()).isEqualTo(DeliveryOrchestrator.DISABLED_REASON);
        assertThat(envelope.metadata().steps()).containsExactly(
                new StepRun("fetch_lead", "lead_sync", StepStatus.OK, 1, 0),
                new StepRun("enricher", "enricher", StepStatus.OK, 1, 0),
                new StepRun("delivery", "delivery", StepStatus.HALTED, 0, 0));
        EnvelopeRecord record = envelope.records().get(0);
        assertThat(record.fields()).isEqualTo(expectedFields()).doesNotContainKey("delivery_id");
        assertThat(record.provenance()).containsExactly(
                new Provenance("lead_sync", "fetch_lead", SampleTools.DATA_COORDINATOR, "produced", runId, T0, 1),
                new Provenance("enricher", "enricher", SampleTools.ENRICHMENT, "enriched", runId, T0, 1),
                new Provenance("delivery", "delivery", SampleTools.DELIVERY, "delivery_disabled", runId, T0, 1));
    }

    @Test
    void shouldDeliverOnceTheCampaignManagerAllowsDelivery() {
        // given
        campaignManager.setAllowDelivery(true);
        String runId = campaignManager.ingestEvent(LeadSyncSample.FLOW, Map.of("lead_id", "L-1", "run_id", "run-smoke-1"));

        // when
        worker.runOnce();

        // then
        assertThat(runId).isEqualTo("run-smoke-1");
        assertThat(queue.isEmpty()).isTrue();
        Envelope envelope = auditedEnvelope(runId);
        EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).hasStepsInOrder("fetch_lead", "enricher", "delivery")
                .everyRecordLastTouchedBy("delivery", "delivery", "delivered");
        EnvelopeRecord record = envelope.records().get(0);
        assertThat(record.field("delivery_id")).isEqualTo("dlv-" + crc32Hex("run-smoke-1:delivery:L-1"));
        assertThat(audit.forRun(runId)).filteredOn(r -> r.kind() == AuditKind.DELIVERY)
                .singleElement().satisfies(r -> assertThat(r.details()).containsEntry("outcome", "sent"));
    }

    @Test
    void shouldEnqueueARunAsyncCallAndReturnTheRunId() {
        // given
        Orchestrator leadSync = LeadSyncSample.create(context);
        Payload payload = new Payload("run-async-1", Map.of("lead_id", "L-1"));

        // when
        String jobId = leadSync.runAsync(payload);

        // then
        assertThat(jobId).isEqualTo("run-async-1");
        assertThat(queue.poll()).contains(new Job(LeadSyncSample.FLOW, payload, T0));
    }

    @Test
    void shouldRunAJobEnqueuedByRunAsyncOnTheWorker() {
        // given
        String runId = LeadSyncSample.create(context).runAsync(new Payload("run-async-2", Map.of("lead_id", "L-1")));

        // when
        worker.runOnce();

        // then
        assertThat(queue.isEmpty()).isTrue();
        EnvelopeAssert.assertThat(auditedEnvelope(runId)).hasStatus(RunStatus.DISABLED).hasRecordKeys("L-1");
    }

    private static String crc32Hex(String value) {
        CRC32 crc = new CRC32();
        crc.update(value.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }
}
