package dev.orchestrators.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolContainer;
import dev.orchestrators.samples.SampleTools;
import dev.orchestrators.streams.serde.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code naive_20ms}: the hand-written baseline. Per record it calls lead_sync's three tools (each answering
 * after the configured latency, the same {@link SampleTools#withLatency} tools the flow uses) one after the
 * other, blocking on each answer, then produces the combined result and commits that one record (one
 * transaction per record under exactly_once_v2).
 */
final class NaiveLoopWorkload extends LoopWorkload {
    private final ScheduledExecutorService scheduler;
    private final ToolContainer tools;

    NaiveLoopWorkload(WorkloadSpec spec, Duration toolLatency) {
        super(spec, 10);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-naive-tools");
            t.setDaemon(true);
            return t;
        });
        this.tools = SampleTools.withLatency(toolLatency, scheduler);
    }

    @Override
    void process(ConsumerRecords<String, byte[]> records) throws Exception {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (skipRequested()) {
                return;
            }
            byte[] result = leadSync(record.value());
            commit(List.of(new ProducerRecord<>(spec.outputTopic(), null, record.timestamp(), record.key(), result)),
                    Map.of(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1)));
        }
    }

    private byte[] leadSync(byte[] request) throws Exception {
        JsonNode root = Json.mapper().readTree(request);
        String runId = root.path("run_id").asText();
        String leadId = root.path("payload").path("lead_id").asText();
        Map<String, Object> lead = call(runId, "fetch_lead", SampleTools.DATA_COORDINATOR, Map.of("lead_id", leadId));
        Map<String, Object> company = call(runId, "enrich", SampleTools.ENRICHMENT,
                Map.of("lead_id", leadId, "company_domain", lead.get("company_domain")));
        Map<String, Object> fields = new LinkedHashMap<>(lead);
        fields.putAll(company);
        Map<String, Object> delivery = call(runId, "delivery", SampleTools.DELIVERY,
                Map.of("delivery_key", runId + ":delivery:" + leadId, "record_key", leadId, "fields", fields));
        fields.putAll(delivery);
        return Json.mapper().writeValueAsBytes(Map.of("run_id", runId, "status", "OK", "record", fields));
    }

    private Map<String, Object> call(String runId, String step, String tool, Map<String, Object> args) throws Exception {
        return tools.get(tool).invoke(new ToolCall(runId, "naive", step, tool, 1, args)).toCompletableFuture().get().fields();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            super.close();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
